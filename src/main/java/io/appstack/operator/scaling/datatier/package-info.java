/**
 * The data tier's arithmetic: the database connection budget checked before every scale-up, and the changes the
 * operator recommends but never makes (partitioning, tenant sharding, indexes, caching). Pure, like the engine.
 */
package io.appstack.operator.scaling.datatier;
