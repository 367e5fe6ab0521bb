package io.appstack.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.appstack.operator.api.ApiSpec;
import io.appstack.operator.api.AppStack;
import io.appstack.operator.api.AppStackSpec;
import io.appstack.operator.api.SecretKeyRef;
import io.appstack.operator.api.WorkerSpec;
import io.appstack.operator.api.autoscaling.PrometheusSpec;
import io.appstack.operator.api.data.DatabaseSpec;
import io.appstack.operator.api.data.ExternalPrimary;
import io.appstack.operator.api.data.PrimarySpec;
import io.appstack.operator.kube.SpecProblem;
import io.appstack.operator.metrics.PrometheusAccess;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {
  static final Secret DB = new SecretBuilder().withNewMetadata().withName("db").endMetadata()
      .withData(Map.of("username", "dQ==", "password", "cA==")).build();
  static final PrometheusAccess ANY_URL = PrometheusAccess.anyUrl(URI.create("http://p:9090"));
  static final SpecValidator VALIDATOR = new SpecValidator(name -> name.equals("db") ? DB : null, ANY_URL);

  static AppStack stack(String name, AppStackSpec spec) {
    return new AppStack("ns", name, spec);
  }

  @ParameterizedTest
  @ValueSource(strings = {"nginx", "nginx:1.27", "ghcr.io/acme/api:1.4.2", "localhost:5000/team/app",
      "registry.example.com/a/b/c@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "docker.io/library/redis:7.2-alpine", "my_org/my-app__x:v1"})
  void acceptsImageReferences(String image) {
    assertThat(VALIDATOR.validate(stack("s", AppStackSpec.ofApi(ApiSpec.of(image))))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Nginx", "nginx:", "ghcr.io/acme/api:1.4.2 ", "a//b", "-a", "a:tag:tag", "a@sha256:12",
      "http://registry/a"})
  void rejectsWhatIsNotAnImageReference(String image) {
    assertThat(VALIDATOR.validate(stack("s", AppStackSpec.ofApi(ApiSpec.of(image)))))
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("spec.api.image");
          assertThat(p.message()).contains("'" + image + "'");
        });
  }

  /** The CRD refuses these today; a stack stored under an older CRD is still read, and stalls alone. */
  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"lots\"", "\"1.5.5\""})
  void namesAQuantityStoredBeforeTheCrdHadItsPattern(String cpu) {
    AppStack stack = io.appstack.operator.testing.LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: s, namespace: ns}
        spec: {api: {image: a/b:1, resources: {requests: {cpu: %s}}}}
        """.formatted(cpu), AppStack.class);
    assertThat(VALIDATOR.validate(stack)).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("spec.api.resources.requests.cpu");
      assertThat(p.message()).contains("is not a quantity");
    });
  }

  @Test
  void aStackThatSetsEveryQueryMayUseNamesTheDefaultQueriesCouldNotRead() {
    AppStack own = io.appstack.operator.testing.LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: thumbnail-worker, namespace: ns}
        spec:
          api: {image: a/b:1, scaling: {queries: {cpu: 'max(c)', p95Ms: 'max(p)'}}}
          workers:
            - {name: invoice-reminders-daily-long, image: a/w:1, queue: q,
               scaling: {queries: {depth: 'sum(q)', oldestJobAgeSeconds: 'max(a)'}}}
        """, AppStack.class);
    assertThat(VALIDATOR.validate(own)).isEmpty();
    AppStack defaults = io.appstack.operator.testing.LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: thumbnail-worker, namespace: ns}
        spec:
          api: {image: a/b:1, scaling: {queries: {cpu: 'max(c)', p95Ms: 'max(p)'}}}
          workers: [{name: w, image: a/w:1, queue: q, scaling: {queries: {depth: 'sum(q)'}}}]
        """, AppStack.class);
    assertThat(VALIDATOR.validate(defaults)).singleElement()
        .satisfies(p -> assertThat(p.toString()).startsWith("metadata.name: 'thumbnail-worker' contains '-worker'"));
  }

  /** The external primary's credentials reach pgbouncer.ini and userlist.txt: one line each, no more. */
  @ParameterizedTest
  @ValueSource(strings = {"app\n%include /etc/passwd|pw", "app|pw\n", "app|pw\n\"admin\" \"x\"", "app x|pw"})
  void namesExternalCredentialsThatCouldAddLinesToTheConfig(String credentials) {
    String[] parts = credentials.split("\\|");
    Secret secret = new SecretBuilder().withNewMetadata().withName("ext").endMetadata()
        .withStringData(Map.of("username", parts[0], "password", parts[1])).build();
    var database = new io.appstack.operator.api.data.DatabaseSpec(new io.appstack.operator.api.data.PrimarySpec(
        new io.appstack.operator.api.data.ExternalPrimary("db.example.com", 5432, "shop", "ext"), null, null),
        null, null, null, null, null, null);
    var spec = new AppStackSpec(null, null, ApiSpec.of("a/b:1"), null, null, null, null, null, database, null, null);
    assertThat(new SpecValidator(name -> name.equals("ext") ? secret : null, ANY_URL).validate(stack("s", spec)))
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("spec.database.primary.external.credentialsSecret");
          assertThat(p.message()).containsAnyOf("is not a plain user name", "holds a line break");
        });
  }

  @Test
  void withOverridesTurnedOffEveryQueryTheSpecSetsIsNamedAndTheDefaultsPass() {
    AppStack own = io.appstack.operator.testing.LenientYaml.read("""
        apiVersion: appstack.io/v1alpha1
        kind: AppStack
        metadata: {name: s, namespace: ns}
        spec:
          autoscaling: {usersQuery: 'sum(active_users{namespace="other"})'}
          api: {image: a/b:1, scaling: {queries: {cpu: 'max(other_team_cpu)'}}}
          workers: [{name: w, image: a/w:1, queue: q, scaling: {queries: {depth: 'sum(q)'}}}]
        """, AppStack.class);
    var strict = new SpecValidator(name -> null, ANY_URL.withQueryOverrides(false));
    assertThat(strict.validate(own)).extracting(SpecProblem::field).containsExactly("spec.api.scaling.queries.cpu",
        "spec.workers[0].scaling.queries.depth", "spec.autoscaling.usersQuery");
    assertThat(strict.validate(own).get(0).message()).contains("prometheus.allowQueryOverrides");
    assertThat(new SpecValidator(name -> null, ANY_URL).validate(own)).isEmpty();
    assertThat(strict.validate(stack("s", AppStackSpec.ofApi(ApiSpec.of("a/b:1"))))).isEmpty();
  }

  @Test
  void namesTheWorkerWhoseDeploymentNameIsTooLong() {
    String pool = "p".repeat(40);
    var spec = AppStackSpec.ofApi(ApiSpec.of("a/b:1"))
        .withWorkers(List.of(WorkerSpec.of("ok", "a/w:1", "q"), WorkerSpec.of(pool, "a/w:1", "q")));
    assertThat(VALIDATOR.validate(stack("a-stack-name-that-is-long", spec)))
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("spec.workers[1].name");
          assertThat(p.message()).contains("73 characters", "the limit is 63");
        });
  }

  @Test
  void namesACaBundleThatIsNotPem() {
    Secret ca = new SecretBuilder().withNewMetadata().withName("ca").endMetadata()
        .withStringData(Map.of("ca.crt", "not a certificate")).build();
    var prometheus = new PrometheusSpec("https://p:9090", null, null, new SecretKeyRef("ca", "ca.crt"), null);
    var spec = new AppStackSpec(null, null, ApiSpec.of("a/b:1"), null, prometheus, null, null, null, null, null, null);
    assertThat(new SpecValidator(name -> name.equals("ca") ? ca : null, ANY_URL).validate(stack("s", spec)))
        .singleElement().satisfies(p -> {
          assertThat(p.field()).isEqualTo("spec.prometheus.caSecretRef");
          assertThat(p.message()).contains("Secret 'ca' key 'ca.crt' is not a PEM CA certificate");
        });
  }

  @Test
  void namesMissingSecretsAndKeys() {
    var external = new DatabaseSpec(new PrimarySpec(new ExternalPrimary("h", 5432, "d", "nope"), null, null), null, null,
        null, null, null, null);
    var prometheus = new PrometheusSpec("http://p:9090", new SecretKeyRef("db", "token"), null, null, null);
    var api = new ApiSpec("a/b:1", null, null, List.of(new EnvVar("X", null,
        new EnvVarSourceBuilder().withNewSecretKeyRef("k", "gone", null).build())), null, null, null, null, null, null,
        null, null, null);
    var spec = new AppStackSpec(null, null, api, null, prometheus, null, null, null, external, null, null);
    assertThat(VALIDATOR.validate(stack("s", spec))).extracting(SpecProblem::toString).containsExactlyInAnyOrder(
        "spec.api.env[0].valueFrom.secretKeyRef: Secret 'gone' does not exist in this namespace; create it",
        "spec.database.primary.external.credentialsSecret: Secret 'nope' does not exist in this namespace; create it",
        "spec.prometheus.bearerTokenSecretRef: Secret 'db' has no key 'token'");
  }

  static final Secret LABELLED = new SecretBuilder().withNewMetadata().withName("labelled")
      .addToLabels(PrometheusAccess.TOKEN_LABEL, "true").endMetadata().withStringData(Map.of("token", "t")).build();
  static final Secret UNLABELLED = new SecretBuilder().withNewMetadata().withName("unlabelled").endMetadata()
      .withStringData(Map.of("token", "t")).build();

  /**
   * Where a stack may read metrics and send its token. The operator's own Prometheus is http://p:9090; with an
   * allow-list, https://metrics.example.com/tenants/a is allowed too.
   */
  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // allow-list | url                                            | token secret | problem (field: start of message)
      "none  | -                                             | labelled   | -",
      "none  | http://p:9090                                 | labelled   | -",
      "none  | http://p:9090/                                | labelled   | -",
      "none  | http://elsewhere:9090                         | -          | -",
      "none  | http://elsewhere:9090                         | labelled   | spec.prometheus.bearerTokenSecretRef: a bearer token is sent only to",
      "none  | http://p:9090                                 | unlabelled | spec.prometheus.bearerTokenSecretRef: Secret 'unlabelled' is not labelled appstack.io/prometheus-token=true",
      "some  | https://metrics.example.com/tenants/a         | labelled   | -",
      "some  | https://metrics.example.com/tenants/a/api     | labelled   | -",
      "some  | https://metrics.example.com/tenants/ab        | -          | spec.prometheus.url: 'https://metrics.example.com/tenants/ab' is not among",
      "some  | https://metrics.example.com.evil.io/tenants/a | -          | spec.prometheus.url: 'https://metrics.example.com.evil.io/tenants/a' is not among",
      "some  | https://user@metrics.example.com/tenants/a    | -          | spec.prometheus.url: 'https://user@metrics.example.com/tenants/a' is not among",
      "some  | http://metrics.example.com/tenants/a          | -          | spec.prometheus.url: 'http://metrics.example.com/tenants/a' is not among",
      "some  | http://p:9090                                 | labelled   | -",
      "none  | http://has space:9090                         | -          | spec.prometheus.url: 'http://has space:9090' is not a URL",
  })
  void aTokenGoesOnlyToAnAllowedPrometheusAndOnlyFromALabelledSecret(String allowList, String url, String secret,
      String problem) {
    PrometheusAccess access = new PrometheusAccess(URI.create("http://p:9090"), allowList.equals("some")
        ? List.of(URI.create("https://metrics.example.com/tenants/a")) : List.of());
    var prometheus = new PrometheusSpec(url, secret == null ? null : new SecretKeyRef(secret, "token"), null, null,
        null);
    var spec = new AppStackSpec(null, null, ApiSpec.of("a/b:1"), null, prometheus, null, null, null, null, null, null);
    var found = new SpecValidator(name -> name.equals("labelled") ? LABELLED : name.equals("unlabelled")
        ? UNLABELLED : null, access).validate(stack("s", spec)).stream().map(SpecProblem::toString).toList();
    if (problem == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).singleElement().satisfies(p -> assertThat(p).startsWith(problem));
    }
  }
}
