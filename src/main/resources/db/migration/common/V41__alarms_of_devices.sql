-- An alarm about a device rather than a case: a unit in stock that reports (an inventory alarm) belongs to no order.
-- It is seen by ADMIN and the supervisors of the region holding the unit (its region column), like the unit itself.
ALTER TABLE alarm ALTER COLUMN order_id DROP NOT NULL;
CREATE INDEX alarm_device_open ON alarm (device_id, type, status);
