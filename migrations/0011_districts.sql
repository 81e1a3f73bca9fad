-- Districts (kecamatan) and the district of a complaint, for the statistics and map by district.
--
-- Codes are Kemendagri's (`51.08.01`), from the idn-area-data package: `npm run import:regions`
-- fills them for every imported regency and the demo seed for its provinces (a database whose
-- regions were imported before this migration gets them by running the import again; it is
-- idempotent). Not a foreign key from organisations: a district is a place, not an office.
CREATE TABLE districts (
  code         text PRIMARY KEY CHECK (code ~ '^[0-9]{2}\.[0-9]{2}\.[0-9]{2,3}$'),
  regency_code text NOT NULL,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);
-- The form's list and the intake check read the districts of one regency.
CREATE INDEX districts_regency_idx ON districts (regency_code, name);

ALTER TABLE complaints ADD COLUMN district_code text REFERENCES districts (code);

-- Counting a regency's complaints per district (and per period): a district implies its regency,
-- and intake stores the regency with it, so (region_code, district_code, created_at) answers
-- "per district of this regency in this period" from the index alone.
CREATE INDEX complaints_district_idx ON complaints (region_code, district_code, created_at);
