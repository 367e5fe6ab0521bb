package io.appstack.operator.api;

import io.appstack.operator.api.status.AppStackStatus;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** One web-application stack: API, worker pools, Redis, PgBouncer and PostgreSQL, sized by the operator. */
@Group(AppStack.GROUP)
@Version(AppStack.VERSION)
@Kind("AppStack")
@Plural("appstacks")
@Singular("appstack")
@ShortNames("astack")
@ValidationRule(value = "has(self.spec)", message = "spec is required: an AppStack needs at least spec.api.image")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "API", jsonPath = ".status.summary.api", type = Type.STRING)
@AdditionalPrinterColumn(name = "Workers", jsonPath = ".status.summary.workers", type = Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = Type.STRING)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class AppStack extends CustomResource<AppStackSpec, AppStackStatus> implements Namespaced {
  public static final String GROUP = "appstack.io";
  public static final String VERSION = "v1alpha1";

  public AppStack() {}

  public AppStack(String namespace, String name, AppStackSpec spec) {
    getMetadata().setNamespace(namespace);
    getMetadata().setName(name);
    setSpec(spec);
  }
}
