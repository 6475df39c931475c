package tickets

import (
	"embed"

	"hotline/internal/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the tickets package's tables and their migrations.
var Schema = db.MustLoadSchema("tickets", migrationFiles, "migrations")
