/**
 * The sources endpoint: creating, changing, refreshing, cancelling and deleting a tenant's sources.
 * It starts and stops their jobs, so it sits above the job and crawl packages, while the {@code
 * Source} record and its repository stay below them in {@code source}, where jobs read them.
 */
package dev.devflow.knowledgehub.source.api;
