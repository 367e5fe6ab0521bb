package io.appstack.operator.reconcile;

import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.ContainerSettings;
import io.appstack.operator.api.LenientQuantities;
import io.appstack.operator.api.SecretKeyRef;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.datatier.DataTierLimits;
import io.appstack.operator.kube.GeneratedSecrets;
import io.appstack.operator.kube.Names;
import io.appstack.operator.kube.SpecProblem;
import io.appstack.operator.metrics.PrometheusAccess;
import io.appstack.operator.metrics.PrometheusClient;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks what the CRD schema cannot: names the children would get, image references, quantities the
 * schema's int-or-string lets through, and Secrets the spec refers to. Any problem stops the reconciliation before a child is touched.
 */
public final class SpecValidator {
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

  /** Finds a Secret in the stack's namespace by name, or null. */
  private final Function<String, Secret> secrets;
  private final PrometheusAccess prometheusAccess;

  public SpecValidator(Function<String, Secret> secrets, PrometheusAccess prometheusAccess) {
    this.secrets = secrets;
    this.prometheusAccess = prometheusAccess;
  }

  public List<SpecProblem> validate(AppStack stack) {
    List<SpecProblem> problems = new ArrayList<>();
    var spec = stack.getSpec();
    if (spec == null || spec.api() == null) {
      problems.add(new SpecProblem("spec.api", "is required"));
      return problems;
    }
    checkChildName(problems, "metadata.name", Names.api(stack), "API Deployment");
    checkContainer(problems, "spec.api", spec.api());
    for (int i = 0; i < spec.workers().size(); i++) {
      WorkerSpec worker = spec.workers().get(i);
      String field = "spec.workers[" + i + "]";
      checkChildName(problems, field + ".name", Names.worker(stack, worker.name()), "worker Deployment");
      checkContainer(problems, field, worker);
    }
    if (problems.isEmpty()) {
      PodNames.check(stack).ifPresent(problems::add);
    }
    if (spec.redis() != null) {
      checkImage(problems, "spec.redis.image", spec.redis().image());
    }
    DataTierLimits.check(spec, problems);
    QueryOverrides.check(spec, prometheusAccess, problems);
    if (spec.database() != null) {
      if (spec.database().primary().managed() != null) {
        checkImage(problems, "spec.database.primary.managed.image", spec.database().primary().managed().image());
      }
      checkImage(problems, "spec.database.pgbouncer.image", spec.database().pgbouncer().image());
      var cnpg = spec.database().primary().cloudNativePG();
      if (cnpg != null) {
        checkImage(problems, "spec.database.primary.cloudNativePG.imageName", cnpg.imageName());
        // CloudNativePG names its bootstrap Job <cluster>-1-initdb and the Pooler's Service after the Pooler.
        checkChildName(problems, "metadata.name", Names.cnpgCluster(stack) + "-1-initdb", "CloudNativePG bootstrap Job");
        checkChildName(problems, "metadata.name", Names.cnpgReadPooler(stack), "CloudNativePG Pooler");
      }
      var backup = spec.database().backup();
      if (backup != null) {
        var credentials = backup.objectStore().s3Credentials();
        checkSecretKeys(problems, "spec.database.backup.objectStore.s3Credentials", credentials.secretName(),
            credentials.accessKeyIdKey(), credentials.secretAccessKeyKey());
      }
    }
    if (spec.database() != null && spec.database().primary().external() != null) {
      String secret = spec.database().primary().external().credentialsSecret();
      String field = "spec.database.primary.external.credentialsSecret";
      if (checkSecretKeys(problems, field, secret, "username", "password")) {
        var values = GeneratedSecrets.decode(secrets.apply(secret));
        if (!values.get("username").matches("[A-Za-z0-9_.@-]{1,63}")) {
          problems.add(new SpecProblem(field, "Secret '" + secret + "' key 'username' is not a plain user name "
              + "(letters, digits and _ . @ -, at most 63): it is written into pgbouncer.ini and userlist.txt"));
        }
        if (values.get("password").chars().anyMatch(Character::isISOControl)) {
          problems.add(new SpecProblem(field, "Secret '" + secret + "' key 'password' holds a line break or another "
              + "control character (a trailing newline from `echo`?): it is written into userlist.txt"));
        }
      }
    }
    URI prometheus = prometheusAccess.defaultUrl();
    if (spec.prometheus().url() != null) {
      try {
        prometheus = new URI(spec.prometheus().url());
        prometheusAccess.refuseQuery(prometheus)
            .ifPresent(p -> problems.add(new SpecProblem("spec.prometheus.url", p)));
      } catch (java.net.URISyntaxException e) {
        problems.add(new SpecProblem("spec.prometheus.url", "'" + spec.prometheus().url() + "' is not a URL ("
            + e.getReason() + ")"));
        return problems;
      }
    }
    PollFloors.check(spec.autoscaling(), prometheusAccess.minPollInterval(), problems);
    try {
      java.time.Duration timeout = io.appstack.operator.api.autoscaling.Durations.parse(spec.prometheus().timeout());
      if (timeout.compareTo(java.time.Duration.ofSeconds(1)) < 0 || timeout.compareTo(java.time.Duration.ofMinutes(5)) > 0) {
        problems.add(new SpecProblem("spec.prometheus.timeout", "'" + spec.prometheus().timeout()
            + "' is outside 1s–5m"));
      }
    } catch (IllegalArgumentException e) {
      problems.add(new SpecProblem("spec.prometheus.timeout", e.getMessage()));
    }
    SecretKeyRef token = spec.prometheus().bearerTokenSecretRef();
    if (token != null) {
      String field = "spec.prometheus.bearerTokenSecretRef";
      prometheusAccess.refuseToken(prometheus).ifPresent(p -> problems.add(new SpecProblem(field, p)));
      if (checkSecretKeys(problems, field, token.name(), token.key())) {
        var labels = secrets.apply(token.name()).getMetadata().getLabels();
        if (labels == null || !"true".equals(labels.get(PrometheusAccess.TOKEN_LABEL))) {
          problems.add(new SpecProblem(field, "Secret '" + token.name() + "' is not labelled "
              + PrometheusAccess.TOKEN_LABEL + "=true; the operator sends a Secret's value to Prometheus only when "
              + "its owner has labelled it for that"));
        }
      }
    }
    SecretKeyRef ca = spec.prometheus().caSecretRef();
    if (ca != null && checkSecretKeys(problems, "spec.prometheus.caSecretRef", ca.name(), ca.key())) {
      try {
        PrometheusClient.trusting(GeneratedSecrets.decode(secrets.apply(ca.name())).get(ca.key()));
      } catch (IllegalArgumentException e) {
        problems.add(new SpecProblem("spec.prometheus.caSecretRef", "Secret '" + ca.name() + "' key '" + ca.key()
            + "' is " + e.getMessage()));
      }
    }
    return problems;
  }

  private void checkChildName(List<SpecProblem> problems, String field, String childName, String what) {
    if (childName.length() > Names.MAX_LENGTH) {
      problems.add(new SpecProblem(field, "makes the " + what + " name '" + childName + "' " + childName.length()
          + " characters long; the limit is " + Names.MAX_LENGTH + ". Use a shorter name."));
    } else if (!DNS_LABEL.matcher(childName).matches()) {
      problems.add(new SpecProblem(field, "makes the " + what + " name '" + childName
          + "', which is not a valid DNS label (lower-case letters, digits and '-')"));
    }
  }

  private static void checkImage(List<SpecProblem> problems, String field, String image) {
    if (image != null && !ImageReference.isValid(image)) {
      problems.add(new SpecProblem(field, "'" + image
          + "' is not a container image reference (expected e.g. registry.example.com/team/app:1.2.3)"));
    }
  }

  private void checkContainer(List<SpecProblem> problems, String field, ContainerSettings settings) {
    checkImage(problems, field + ".image", settings.image());
    var resources = settings.resources();
    if (resources != null) {
      checkQuantities(problems, field + ".resources.requests", resources.getRequests());
      checkQuantities(problems, field + ".resources.limits", resources.getLimits());
    }
    List<EnvVar> env = settings.env();
    for (int i = 0; i < env.size(); i++) {
      if (ConnectionSettings.OPERATOR_VARIABLES.contains(env.get(i).getName())) {
        problems.add(new SpecProblem(field + ".env[" + i + "].name", "'" + env.get(i).getName() + "' is set by the "
            + "operator (from the <name>-connections Secret or the pool's queue); a value here would replace it. "
            + "Read it under its own name, or use another name for yours"));
      }
      var from = env.get(i).getValueFrom();
      if (from != null && from.getResourceFieldRef() != null && from.getResourceFieldRef().getDivisor() != null) {
        String divisor = field + ".env[" + i + "].valueFrom.resourceFieldRef.divisor";
        LenientQuantities.problem(from.getResourceFieldRef().getDivisor())
            .ifPresent(p -> problems.add(new SpecProblem(divisor, p)));
      }
      if (from != null && from.getSecretKeyRef() != null && !Boolean.TRUE.equals(from.getSecretKeyRef().getOptional())) {
        checkSecretKeys(problems, field + ".env[" + i + "].valueFrom.secretKeyRef", from.getSecretKeyRef().getName(),
            from.getSecretKeyRef().getKey());
      }
    }
  }

  private static void checkQuantities(List<SpecProblem> problems, String field, Map<String, Quantity> quantities) {
    if (quantities != null) {
      quantities.forEach((name, quantity) -> LenientQuantities.problem(quantity)
          .ifPresent(p -> problems.add(new SpecProblem(field + "." + name, p))));
    }
  }

  /** True when the Secret exists with every key. */
  private boolean checkSecretKeys(List<SpecProblem> problems, String field, String name, String... keys) {
    Secret secret = name == null ? null : secrets.apply(name);
    if (secret == null) {
      problems.add(new SpecProblem(field, "Secret '" + name + "' does not exist in this namespace; create it"));
      return false;
    }
    boolean all = true;
    var values = GeneratedSecrets.decode(secret);
    for (String key : keys) {
      if (!values.containsKey(key)) {
        problems.add(new SpecProblem(field, "Secret '" + name + "' has no key '" + key + "'"));
        all = false;
      }
    }
    return all;
  }

}
