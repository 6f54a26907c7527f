package dev.devflow.knowledgehub.upload;

/**
 * An uploaded file turned into text ready to store with its job.
 *
 * @param format {@code xhtml} (Tika or HTML, parsed by the HTML extractor) or {@code markup}
 */
record ParsedFile(String name, String url, String format, String body) {}
