package io.appstack.operator.datatier.cnpg;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** CloudNativePG's {@code Cluster}. */
@Group(CnpgObjects.GROUP)
@Version(CnpgObjects.VERSION)
@Kind("Cluster")
@Plural("clusters")
public class CnpgCluster extends CnpgResource {
}
