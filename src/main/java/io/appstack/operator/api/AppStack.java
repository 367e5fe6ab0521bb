package io.appstack.operator.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

@Group("appstack.io")
@Version("v1alpha1")
public class AppStack extends CustomResource<AppStackSpec, AppStackStatus> implements Namespaced {
}
