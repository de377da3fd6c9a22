"""A narrow search table for the similar-issue hints (issues.similarity), kept in step with issues_issue by
triggers. PostgreSQL only: on SQLite nothing happens (the hints fall back to a plain search there).

At a million lines a text that is a common prefix ("排污许可帮办代办窗口") matched thousands of open titles across
the province in the trigram index of 0015, and PostgreSQL rechecked each one in the ~500 MB issues heap before the
walker's county was applied (each recheck computes the title's trigrams: ~17 µs a line). This table holds one row
of ~100 bytes per unmerged line with its department's region (Department.region(): its county, city or province),
and its trigram index carries the region too (btree_gin), so the walker's county narrows the candidates inside the
index: a hundred rechecks, not two thousand.

`hint_date` is the day a line's recency is judged by: its discovery day once closed, 'infinity' while open (an
open line is always hinted). "Open" is `hint_date = 'infinity'`; "open or found within RECENT_DAYS" is
`hint_date >= today - RECENT_DAYS`, one range of the (department, hint_date) and (service item, hint_date) indexes.

The triggers cover every writer (services, admin, QuerySet.update, raw SQL, TRUNCATE) and a department moved in the
tree or made a county (its lines' region follows); a bulk loader that turns
triggers off (session_replication_role = replica, as seed_bench does) calls issues_hintline_rebuild() afterwards.
"""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- campaigns.models.Department.region(): the department itself when it is a province, city or county, else its
-- nearest such ancestor, else the root of its tree. NULL for no department.
CREATE FUNCTION issues_department_region(department bigint) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT COALESCE(
        (SELECT a.id FROM campaigns_department d
           JOIN campaigns_department a ON a.path = left(d.path, length(a.path))
          WHERE d.id = department AND a.kind IN ('province', 'city', 'county')
          ORDER BY a.depth DESC LIMIT 1),
        (SELECT r.id FROM campaigns_department d
           JOIN campaigns_department r ON r.depth = 1 AND r.path = left(d.path, length(r.path))
          WHERE d.id = department)
    )
$$;

CREATE TABLE issues_hintline (
    issue_id bigint PRIMARY KEY,
    title varchar(200) NOT NULL,
    department_id bigint NULL,
    service_item_id bigint NULL,
    region_id bigint NULL,
    hint_date date NOT NULL
);

CREATE FUNCTION issues_hintline_rebuild() RETURNS void LANGUAGE sql AS $$
    TRUNCATE issues_hintline;
    INSERT INTO issues_hintline (issue_id, title, department_id, service_item_id, region_id, hint_date)
    SELECT i.id, i.title, i.department_id, i.service_item_id, r.region,
           CASE WHEN i.stage = 'closed' THEN i.discovered_on ELSE 'infinity'::date END
    FROM issues_issue i
    LEFT JOIN (SELECT id, issues_department_region(id) AS region FROM campaigns_department) r
           ON r.id = i.department_id
    WHERE i.duplicate_of_id IS NULL;
$$;

CREATE FUNCTION issues_hintline_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM issues_hintline WHERE issue_id = OLD.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.duplicate_of_id IS NULL THEN
        INSERT INTO issues_hintline (issue_id, title, department_id, service_item_id, region_id, hint_date)
        VALUES (NEW.id, NEW.title, NEW.department_id, NEW.service_item_id,
                issues_department_region(NEW.department_id),
                CASE WHEN NEW.stage = 'closed' THEN NEW.discovered_on ELSE 'infinity'::date END);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION issues_hintline_empty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE issues_hintline;
    RETURN NULL;
END
$$;

-- A department moved in the tree, or made a county (or no longer one): the region of the lines below it.
CREATE FUNCTION issues_hintline_regions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM departments_before b JOIN departments_after a ON a.id = b.id
                WHERE a.path <> b.path OR a.kind <> b.kind) THEN
        UPDATE issues_hintline h SET region_id = r.region
          FROM (SELECT id, issues_department_region(id) AS region FROM campaigns_department) r
         WHERE r.id = h.department_id AND h.region_id IS DISTINCT FROM r.region;
    END IF;
    RETURN NULL;
END
$$;

SELECT issues_hintline_rebuild();

-- Open lines by region and title: the walker's county narrows the trigram candidates inside the index.
CREATE INDEX issues_hintline_open_trgm ON issues_hintline
    USING gin (region_id, title gin_trgm_ops) WHERE hint_date = 'infinity'::date;
CREATE INDEX issues_hintline_department ON issues_hintline (department_id, hint_date);
CREATE INDEX issues_hintline_service_item ON issues_hintline (service_item_id, hint_date);
ANALYZE issues_hintline;

CREATE TRIGGER issues_hintline_insert AFTER INSERT OR DELETE ON issues_issue
    FOR EACH ROW EXECUTE FUNCTION issues_hintline_sync();
-- Most saves of an issue (a stage step, a note) change nothing the hints read: those write nothing here.
CREATE TRIGGER issues_hintline_update AFTER UPDATE ON issues_issue
    FOR EACH ROW WHEN (
        (OLD.id, OLD.title, OLD.department_id, OLD.service_item_id, OLD.discovered_on, OLD.duplicate_of_id,
         OLD.stage = 'closed')
        IS DISTINCT FROM
        (NEW.id, NEW.title, NEW.department_id, NEW.service_item_id, NEW.discovered_on, NEW.duplicate_of_id,
         NEW.stage = 'closed')
    ) EXECUTE FUNCTION issues_hintline_sync();
CREATE TRIGGER issues_hintline_truncate AFTER TRUNCATE ON issues_issue
    FOR EACH STATEMENT EXECUTE FUNCTION issues_hintline_empty();
CREATE TRIGGER issues_hintline_regions AFTER UPDATE ON campaigns_department
    REFERENCING OLD TABLE AS departments_before NEW TABLE AS departments_after
    FOR EACH STATEMENT EXECUTE FUNCTION issues_hintline_regions();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS issues_hintline_regions ON campaigns_department;
DROP TRIGGER IF EXISTS issues_hintline_truncate ON issues_issue;
DROP TRIGGER IF EXISTS issues_hintline_update ON issues_issue;
DROP TRIGGER IF EXISTS issues_hintline_insert ON issues_issue;
DROP FUNCTION IF EXISTS issues_hintline_regions();
DROP FUNCTION IF EXISTS issues_hintline_empty();
DROP FUNCTION IF EXISTS issues_hintline_sync();
DROP FUNCTION IF EXISTS issues_hintline_rebuild();
DROP TABLE IF EXISTS issues_hintline;
DROP FUNCTION IF EXISTS issues_department_region(bigint);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("issues", "0015_open_title_trigram_index"), ("campaigns", "0011_pending_authorisation_letter")]

    operations = [migrations.RunPython(forward, backward)]
