/**
 * Test support for the services' tests: a real PostgreSQL 17 per test run, the contract every
 * service's HTTP surface keeps, and Helm chart checks. Used only from test code.
 */
package dev.devflow.common.testing;
