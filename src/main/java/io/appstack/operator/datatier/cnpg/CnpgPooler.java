package io.appstack.operator.datatier.cnpg;

import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** CloudNativePG's {@code Pooler}. */
@Group(CnpgObjects.GROUP)
@Version(CnpgObjects.VERSION)
@Kind("Pooler")
@Plural("poolers")
public class CnpgPooler extends CnpgResource {
}
