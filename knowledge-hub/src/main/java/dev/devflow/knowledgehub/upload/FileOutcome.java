package dev.devflow.knowledgehub.upload;

import dev.devflow.common.problem.Problem;

/**
 * What happened to one uploaded file.
 *
 * @param status 202 when accepted for ingestion, else the HTTP status of its problem
 * @param url the document URL it is stored under, when accepted
 */
public record FileOutcome(String name, int status, String url, Problem problem) {}
