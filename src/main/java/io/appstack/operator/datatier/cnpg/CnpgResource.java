package io.appstack.operator.datatier.cnpg;

import io.appstack.operator.kube.MapResource;

/** A CloudNativePG object (postgresql.cnpg.io/v1): spec and status as maps ({@link CnpgObjects} sets and reads them). */
public abstract class CnpgResource extends MapResource {
}
