"""Spreadsheet exports that cannot run formulas (CSV injection).

A reader controls what they type into the contact form; an editor who opens the admin's
CSV export in a spreadsheet would run `=HYPERLINK(...)`, `@SUM(...)`, `+cmd|...` as a formula.
CSV cells are written through `defusedcsv` (a leading `=`, `+`, `-`, `@`, `|` or `%` gets a
`'`, numbers stay numbers); a leading tab or carriage return, which spreadsheets skip before
reading a formula, is treated the same. Wagtail's XLSX export already stores formulas as text.

`SafeSpreadsheetExportMixin` goes before Wagtail's views with `SpreadsheetExportMixin`: the
form submissions list (`SafeSubmissionsListView`, set on the form page model) and reports.
"""

from defusedcsv import csv as defused
from wagtail.admin.views.mixins import Echo
from wagtail.contrib.forms.views import SubmissionsListView

WHITESPACE_BEFORE_FORMULA = ("\t", "\r")


def neutralise(value):
    """A cell value a spreadsheet reads as text, never as a formula."""
    if isinstance(value, str) and value.startswith(WHITESPACE_BEFORE_FORMULA):
        return "'" + value
    return value


def safe_dict_writer(stream, fieldnames, **kwargs):
    """csv.DictWriter whose rows are neutralised (see the module docstring)."""
    writer = defused.DictWriter(stream, fieldnames=fieldnames, **kwargs)
    writerow = writer.writerow

    def writerow_neutralised(row):
        return writerow({key: neutralise(value) for key, value in row.items()})

    writer.writerow = writerow_neutralised
    return writer


class SafeSpreadsheetExportMixin:
    def stream_csv(self, queryset):
        writer = safe_dict_writer(Echo(), fieldnames=self.list_export)
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))


class SafeSubmissionsListView(SafeSpreadsheetExportMixin, SubmissionsListView):
    """Wagtail's form submissions list, with the CSV export neutralised."""
