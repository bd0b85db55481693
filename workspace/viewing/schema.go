package viewing

// The tables of the repeated-viewing safeguard, as the workspace's
// migrations create them, each function one migration, in this order.

// SubjectsMigration creates the subjects of cases and their identifiers in
// canonical form; the workspace runs it as one migration, before
// ViewsMigration.
func SubjectsMigration() []string {
	return []string{
		// Subjects of a case and their identifiers in canonical form.
		`CREATE TABLE subjects (
			id INTEGER PRIMARY KEY,
			case_ref TEXT NOT NULL REFERENCES cases(ref),
			name TEXT NOT NULL,
			officer TEXT NOT NULL REFERENCES officers(id),
			created TEXT NOT NULL)`,
		`CREATE INDEX subjects_case ON subjects(case_ref)`,
		`CREATE TABLE subject_identifiers (
			subject INTEGER NOT NULL REFERENCES subjects(id),
			raw TEXT NOT NULL,
			key TEXT NOT NULL,
			platform TEXT NOT NULL,
			kind TEXT NOT NULL,
			account TEXT NOT NULL,
			post TEXT NOT NULL,
			UNIQUE (subject, key))`,
		`CREATE INDEX subject_identifiers_platform ON subject_identifiers(platform, account)`,
	}
}

// ViewsMigration creates the tables of the repeated-viewing safeguard,
// which the workspace runs as one migration after SubjectsMigration: views
// and the subjects they matched (append-only, like the audit log),
// authorisations with their subjects, and justifications.
func ViewsMigration() []string {
	return []string{
		`CREATE TABLE views (
		id INTEGER PRIMARY KEY,
		time TEXT NOT NULL,
		officer TEXT NOT NULL REFERENCES officers(id),
		case_ref TEXT NOT NULL REFERENCES cases(ref),
		persona TEXT NOT NULL REFERENCES personas(name),
		url TEXT NOT NULL,
		key TEXT NOT NULL,
		platform TEXT NOT NULL,
		kind TEXT NOT NULL,
		account TEXT NOT NULL,
		post TEXT NOT NULL,
		profile TEXT NOT NULL,
		authorisation TEXT NOT NULL,
		verdict TEXT NOT NULL,
		episode INTEGER NOT NULL,
		capture TEXT NOT NULL)`,
		`CREATE INDEX views_case_time ON views(case_ref, time)`,
		`CREATE TABLE view_subjects (
		subject INTEGER NOT NULL REFERENCES subjects(id),
		time TEXT NOT NULL,
		view INTEGER NOT NULL REFERENCES views(id),
		PRIMARY KEY (subject, time, view)) WITHOUT ROWID`,
		`CREATE INDEX view_subjects_view ON view_subjects(view)`,
		`CREATE TRIGGER views_no_update BEFORE UPDATE ON views
	BEGIN SELECT RAISE(ABORT, 'views are append-only'); END`,
		`CREATE TRIGGER views_no_delete BEFORE DELETE ON views
	BEGIN SELECT RAISE(ABORT, 'views are append-only'); END`,
		`CREATE TRIGGER view_subjects_no_update BEFORE UPDATE ON view_subjects
	BEGIN SELECT RAISE(ABORT, 'view_subjects are append-only'); END`,
		`CREATE TRIGGER view_subjects_no_delete BEFORE DELETE ON view_subjects
	BEGIN SELECT RAISE(ABORT, 'view_subjects are append-only'); END`,
		`CREATE TABLE authorisations (
		id INTEGER PRIMARY KEY,
		case_ref TEXT NOT NULL REFERENCES cases(ref),
		ref TEXT NOT NULL,
		valid_from TEXT NOT NULL,
		valid_to TEXT NOT NULL,
		granted_by TEXT NOT NULL,
		notes TEXT NOT NULL,
		officer TEXT NOT NULL REFERENCES officers(id),
		created TEXT NOT NULL,
		expired TEXT,
		UNIQUE (case_ref, ref))`,
		`CREATE TABLE authorisation_subjects (
		subject INTEGER NOT NULL REFERENCES subjects(id),
		authorisation INTEGER NOT NULL REFERENCES authorisations(id),
		PRIMARY KEY (subject, authorisation)) WITHOUT ROWID`,
		`CREATE INDEX authorisation_subjects_authorisation ON authorisation_subjects(authorisation)`,
		`CREATE TABLE justifications (
		id INTEGER PRIMARY KEY,
		case_ref TEXT NOT NULL REFERENCES cases(ref),
		subject INTEGER NOT NULL REFERENCES subjects(id),
		officer TEXT NOT NULL REFERENCES officers(id),
		time TEXT NOT NULL,
		factors TEXT NOT NULL,
		text TEXT NOT NULL,
		view INTEGER REFERENCES views(id))`,
		`CREATE INDEX justifications_view ON justifications(view)`,
		`CREATE INDEX justifications_case ON justifications(case_ref, subject)`,
	}
}

// BrowsingMigration records, for each view, what the research browser
// knows of it: the final URL, the title, how it was reached and the tab.
// Views recorded before it have them empty.
func BrowsingMigration() []string {
	return []string{
		`ALTER TABLE views ADD COLUMN final_url TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE views ADD COLUMN title TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE views ADD COLUMN reached TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE views ADD COLUMN tab TEXT NOT NULL DEFAULT ''`,
	}
}
