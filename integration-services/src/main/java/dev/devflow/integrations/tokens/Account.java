package dev.devflow.integrations.tokens;

/**
 * Who a token belongs to at the provider.
 *
 * @param name the GitHub login or Atlassian site name
 * @param siteId the Atlassian cloud id (null for GitHub)
 * @param siteUrl the Atlassian site URL or the GitHub profile URL
 */
public record Account(String name, String siteId, String siteUrl) {}
