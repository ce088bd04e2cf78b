#!/usr/bin/env python3
"""xlsx_dump.py: print every cell of an .xlsx workbook, one line each, for tests to check:

    SHEET!A1<TAB>VALUE<TAB>NUMBER-FORMAT

VALUE is the stored value (a shared string resolved to its text, a number as stored: dates are
Excel serial numbers); NUMBER-FORMAT is the cell's format code ("General" when none). Also prints
"SHEET!frozen<TAB>TOPLEFT" for a sheet with frozen panes and "SHEET!width<TAB>COL<TAB>WIDTH" for
column widths. Reads the workbook as what it is, a zip of XML: no third-party module."""
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
           14: "mm-dd-yy", 49: "@"}


def main(path):
    z = zipfile.ZipFile(path)
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode")
              for f in styles.findall("m:numFmts/m:numFmt", NS)}
    xf_fmt = []
    for xf in styles.findall("m:cellXfs/m:xf", NS):
        fid = int(xf.get("numFmtId", "0"))
        xf_fmt.append(custom.get(fid, BUILTIN.get(fid, "builtin:%d" % fid)))
    rels = {r.get("Id"): r.get("Target")
            for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("pr:Relationship", NS)}
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    for sheet in wb.findall("m:sheets/m:sheet", NS):
        name = sheet.get("name")
        target = rels[sheet.get("{%s}id" % NS["r"])]
        ws = ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "", 1)))
        print("%s!sheet" % name)
        pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
        if pane is not None and pane.get("state") == "frozen":
            print("%s!frozen\t%s" % (name, pane.get("topLeftCell")))
        for col in ws.findall("m:cols/m:col", NS):
            print("%s!width\t%s\t%s" % (name, col.get("min"), col.get("width")))
        for c in ws.iter("{%s}c" % NS["m"]):
            v = c.find("m:v", NS)
            value = v.text if v is not None else ""
            if c.get("t") == "s":
                value = strings[int(value)]
            elif c.get("t") == "inlineStr":
                value = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            fmt = xf_fmt[int(c.get("s", "0"))]
            print("%s!%s\t%s\t%s" % (name, c.get("r"), value, fmt))


if __name__ == "__main__":
    main(sys.argv[1])
