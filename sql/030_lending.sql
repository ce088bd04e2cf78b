-- 030_lending: numbering of deals booked one at a time (DL-000001 ...) when no ref is given.
CREATE SEQUENCE deal_ref_seq;
