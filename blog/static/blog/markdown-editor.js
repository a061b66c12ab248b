/*
 * EasyMDE options for wagtail-markdown's editor, read when an editor starts (this file is
 * loaded before it). The editor must work offline: no spell-checker dictionaries from a CDN
 * (the browser's own spelling check is used instead), no Font Awesome (see the CSS).
 */
window.wagtailMarkdown = window.wagtailMarkdown || {};
window.wagtailMarkdown.options = Object.assign(window.wagtailMarkdown.options || {}, {
    spellChecker: false,
    nativeSpellcheck: true,
    autoDownloadFontAwesome: false,
    toolbar: [
        "bold", "italic", "heading-2", "heading-3", "|",
        "quote", "unordered-list", "ordered-list", "|",
        "link", "horizontal-rule", "|",
        "preview", "side-by-side", "fullscreen",
    ],
    status: ["words"],
});
