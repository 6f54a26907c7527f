/**
 * The fleet's own plumbing, shared by every service but no part of common's API: beans that run in
 * every service without being called (e.g. the readiness metric).
 */
package dev.devflow.common.internal;
