/**
 * The spec of the data tier: Redis (standalone or cluster), PostgreSQL (a managed StatefulSet, CloudNativePG or an
 * external primary; read replicas, backups), PgBouncer, and the database metrics the data-tier triggers read.
 */
package io.appstack.operator.api.data;
