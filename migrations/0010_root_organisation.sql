-- The root of the organisation tree exists on every database, with or without demo data or an
-- imported region list: complaints without a region go to the national admin at the root.
INSERT INTO organisations (code, name, type, parent_id, path, depth, time_zone)
SELECT 'id', 'Republik Indonesia', 'root', NULL, '', 0, 'WIB'
WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE code = 'id');
UPDATE organisations SET path = '/' || id || '/' WHERE code = 'id' AND path = '';
