"""Clinical safety checks of an article: what a health editor must not miss.

NHS.UK sets these standards by hand (care cards for red-flag symptoms, a reading age of 9 to 11,
review dates on every page); here they are checked on every save, on "Submit to Clinical
review", in the editor's "Content checks" panel, in Reports → Clinical review due and in bulk
(`python manage.py check_content`).

- `rules`: the checks as data (red-flag symptoms with a note each, severities, thresholds);
- `engine`: pure functions from an article's words to results (no database);
- `html_parts`: the blocks, images and links of rendered Markdown;
- `articles`: an article page (saved, or as the editor's form holds it) → the engine's input,
  and the overrides Clinical reviewers recorded;
- `form`, `panel`: the editor's form (submission gate, override reason) and its panel.
"""
