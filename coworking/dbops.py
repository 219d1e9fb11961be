"""Migration operations that exist only on PostgreSQL."""

from django.db import migrations


class AddConstraintOnPostgres(migrations.AddConstraint):
    """AddConstraint that the migration state always records but only PostgreSQL applies.

    The model declares the exclusion constraint so PostgreSQL enforces it; SQLite
    has no GiST indexes and serialises bookings with IMMEDIATE transactions instead.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class RemoveConstraintOnPostgres(migrations.RemoveConstraint):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
