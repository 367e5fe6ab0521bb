package io.appstack.operator.reconcile.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader election, so that more than one replica of the operator can run: one holds a
 * {@code coordination.k8s.io} Lease and reconciles; the others keep warm caches and take over when the
 * Lease is not renewed.
 *
 * <p>Quarkus Operator SDK looks this bean up only in the profiles listed in
 * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (default {@code prod}); there it is on
 * unless {@value #ENABLED} is {@code false}. Tests and dev mode run without it. The Lease lives in
 * {@value #LEASE_NAMESPACE} (the Helm chart sets the operator's own namespace), or, unset, in the namespace
 * of the service account the pod runs as.
 *
 * <p>A leader that loses its Lease must stop reconciling at once: it exits (code 1) and Kubernetes
 * restarts it as a follower. JOSDK 5.2 can do that itself ({@code exitOnStopLeading}), but it calls
 * {@code System.exit} also when the operator stops because the pod is being terminated; that call runs
 * inside the JVM's shutdown hook and blocks forever, so every leader would hang until it is killed
 * (java-operator-sdk issues #1614, #3376). Here the exit is ours, and skipped when the JVM is already
 * shutting down.
 *
 * <p>A leader that stops gracefully (a rolling update, a drained node) gives its Lease up once the SDK
 * has stopped reconciling, so that a follower takes over within its retry period (2s) instead of waiting
 * for the Lease to expire (15s): JOSDK 5.2 runs fabric8's elector with {@code releaseOnCancel=false}. The SDK
 * must not close the Kubernetes client when it stops ({@code quarkus.operator-sdk.close-client-on-stop=false}):
 * Quarkus closes it after every shutdown observer, this one included.
 */
@Singleton
public class LeaderElection {
  public static final String ENABLED = "appstack.leader-election.enabled";
  public static final String LEASE_NAME = "appstack.leader-election.lease-name";
  public static final String LEASE_NAMESPACE = "appstack.leader-election.lease-namespace";
  public static final String DEFAULT_LEASE_NAME = "appstack-operator-lease";

  /**
   * After Quarkus Operator SDK's own shutdown observer (default priority 2500), which stops the
   * controllers and waits for running reconciles: only then may another instance lead.
   */
  static final int AFTER_OPERATOR_STOP = 3000;
  /** This instance's name in the Lease: the pod name, as JOSDK would pick it. */
  static final String IDENTITY = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank())
      .orElseGet(() -> UUID.randomUUID().toString());

  private static final Logger LOG = Logger.getLogger(LeaderElection.class);

  /** {@code null} (a dependent bean may be null) turns leader election off. */
  @Produces
  @Dependent
  LeaderElectionConfiguration leaderElection(
      @ConfigProperty(name = ENABLED, defaultValue = "true") boolean enabled,
      @ConfigProperty(name = LEASE_NAME, defaultValue = DEFAULT_LEASE_NAME) String leaseName,
      @ConfigProperty(name = LEASE_NAMESPACE) Optional<String> leaseNamespace) {
    return configuration(enabled, leaseName, leaseNamespace, () -> Quarkus.asyncExit(1));
  }

  /** On a graceful stop, once the operator has stopped, gives the Lease up for a follower to take at once. */
  void releaseOnShutdown(@Observes @Priority(AFTER_OPERATOR_STOP) ShutdownEvent event, KubernetesClient client,
      @ConfigProperty(name = ENABLED, defaultValue = "true") boolean enabled,
      @ConfigProperty(name = LEASE_NAME, defaultValue = DEFAULT_LEASE_NAME) String leaseName,
      @ConfigProperty(name = LEASE_NAMESPACE) Optional<String> leaseNamespace) {
    LeaderElectionConfiguration config = configuration(enabled, leaseName, leaseNamespace, () -> { });
    if (config != null && LaunchMode.current() == LaunchMode.NORMAL) {
      release(client, config);
    }
  }

  /**
   * Gives the Lease up if this instance ({@code config}'s identity) still holds it, as fabric8's elector
   * does with {@code releaseOnCancel}: no holder, a one-second duration. The update is optimistic (the
   * Lease's resourceVersion), so it never clears a Lease another instance has taken meanwhile.
   */
  public static boolean release(KubernetesClient client, LeaderElectionConfiguration config) {
    String namespace = config.getLeaseNamespace().orElseGet(() -> client.getConfiguration().getNamespace());
    String identity = config.getIdentity().orElseThrow();
    try {
      LeaseLock lock = new LeaseLock(namespace, config.getLeaseName(), identity);
      LeaderElectionRecord current = lock.get(client);
      if (current == null || !identity.equals(current.getHolderIdentity())) {
        return false;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lock.update(client, new LeaderElectionRecord("", Duration.ofSeconds(1), now, now,
          current.getLeaderTransitions()));
      LOG.info("Released the leader lease for a follower to take over");
      return true;
    } catch (RuntimeException e) {
      // The Lease expires by itself; a follower then takes over after the lease duration.
      LOG.warnf("Could not release the leader lease (%s); a follower takes over when it expires", e.getMessage());
      return false;
    }
  }

  /** {@code exit} ends the process when the Lease is lost while running. Public for the chart's tests. */
  public static LeaderElectionConfiguration configuration(boolean enabled, String leaseName,
      Optional<String> leaseNamespace, Runnable exit) {
    if (!enabled) {
      return null;
    }
    LeaderElectionConfigurationBuilder builder = LeaderElectionConfigurationBuilder
        .aLeaderElectionConfiguration(leaseName)
        .withIdentity(IDENTITY)
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(new LeaderCallbacks(
            () -> LOG.info("Acquired the leader lease: reconciling"),
            () -> onStopLeading(exit),
            leader -> LOG.infof("Leader is %s", leader)));
    leaseNamespace.filter(ns -> !ns.isBlank()).ifPresent(builder::withLeaseNamespace);
    return builder.build();
  }

  /** Exits when the Lease was lost; does nothing when the process is already on its way out. */
  static void onStopLeading(Runnable exit) {
    if (jvmShuttingDown()) {
      LOG.info("Stopped leading: shutting down");
      return;
    }
    LOG.warn("Lost the leader lease: exiting so that only the new leader reconciles");
    exit.run();
  }

  /** The JVM refuses new shutdown hooks once it has begun to shut down. */
  static boolean jvmShuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException shuttingDown) {
      return true;
    }
  }
}
