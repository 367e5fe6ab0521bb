package io.appstack.operator.datatier;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shell scripts the Redis cluster Jobs run ({@code sh -c}). Each is safe to run again: it looks
 * at the cluster first and does only what is missing. The password comes from the environment
 * ({@code REDISCLI_AUTH}, read by redis-cli), never from the script text.
 *
 * <p>Nodes are {@code host:port}. Hosts may be DNS names: the scripts resolve them to addresses,
 * which {@code CLUSTER MEET} needs.
 */
public final class RedisClusterScripts {
  private RedisClusterScripts() {}

  private static final String PRELUDE = """
      set -eu
      host() { echo "${1%:*}"; }
      port() { echo "${1##*:}"; }
      cli() { n="$1"; shift; redis-cli --no-auth-warning -h "$(host "$n")" -p "$(port "$n")" "$@"; }
      resolve() {
        h=$(host "$1"); a=$(getent hosts "$h" | awk '{print $1; exit}' || true)
        [ -n "$a" ] || a="$h"
        echo "$a:$(port "$1")"
      }
      info() { cli "$1" cluster info | tr -d '\\r' | grep "^$2:" | cut -d: -f2; }
      wait_ping() {
        i=0
        until [ "$(cli "$1" ping 2>/dev/null | tr -d '\\r')" = PONG ]; do
          i=$((i+1)); [ "$i" -lt 150 ] || { echo "node $1 does not answer" >&2; exit 1; }
          sleep 2
        done
      }
      wait_ok() {
        # every node the seed knows agrees on the node count and says cluster_state:ok, and the check passes
        i=0
        while :; do
          want=$(info "$1" cluster_known_nodes); agreed=yes
          for a in $(cli "$1" cluster nodes | awk '{print $2}' | cut -d@ -f1); do
            [ "$(info "$a" cluster_known_nodes 2>/dev/null)" = "$want" ] || agreed=no
            [ "$(info "$a" cluster_state 2>/dev/null)" = ok ] || agreed=no
          done
          if [ "$agreed" = yes ] && [ "$(info "$1" cluster_state)" = ok ] \\
              && cli "$1" --cluster check "$(resolve "$1")" >/dev/null 2>&1; then
            return 0
          fi
          i=$((i+1)); [ "$i" -lt 120 ] || { echo "cluster did not reach cluster_state:ok" >&2; exit 1; }
          sleep 1
        done
      }
      add_node() {
        # node, then add-node's arguments. redis-cli refuses to add while the nodes' views still differ (gossip
        # of the previous addition): retried while the node has not met the cluster.
        node="$1"; shift; t=0
        until redis-cli --no-auth-warning --cluster add-node "$@"; do
          t=$((t+1)); [ "$t" -lt 5 ] || { echo "add-node of $node failed 5 times" >&2; exit 1; }
          [ "$(info "$node" cluster_known_nodes)" = 1 ] || { echo "add-node of $node failed after it met" >&2; exit 1; }
          sleep 2; wait_ok "$SEED"
        done
      }
      """;

  /**
   * Forms the cluster from {@code nodes}: the first {@code shards} become masters, the rest their
   * replicas ({@code replicasPerShard} each). Exits 0 at once if the cluster already exists.
   */
  public static String create(List<String> nodes, int replicasPerShard) {
    String list = String.join(" ", nodes);
    return PRELUDE + """
        NODES="%s"
        ADDRS=""
        for n in $NODES; do wait_ping "$n"; ADDRS="$ADDRS $(resolve "$n")"; done
        first=${NODES%%%% *}
        if [ "$(info "$first" cluster_state)" = ok ]; then echo "cluster already created"; exit 0; fi
        if [ "$(info "$first" cluster_slots_assigned)" != 0 ]; then
          echo "slots already assigned; waiting for the cluster to settle"; wait_ok "$first"; exit 0
        fi
        for n in $NODES; do
          if [ "$(info "$n" cluster_known_nodes)" != 1 ]; then
            echo "node $n already knows other nodes but no slots are assigned; check it with redis-cli --cluster check" >&2
            exit 1
          fi
        done
        redis-cli --no-auth-warning --cluster create $ADDRS --cluster-replicas %d --cluster-yes
        wait_ok "$first"
        echo "cluster created"
        """.formatted(list, replicasPerShard);
  }

  /**
   * Adds {@code newMasters} as empty masters and {@code newReplicas} as their replicas, then moves
   * slots onto the new masters. Nodes already in the cluster are skipped; a balanced cluster is left alone.
   */
  public static String grow(String existing, List<String> newMasters, List<String> newReplicas,
      int replicasPerShard) {
    return PRELUDE + """
        SEED="%s"
        wait_ping "$SEED"
        wait_ok "$SEED"
        for n in %s; do
          wait_ping "$n"
          if [ "$(info "$n" cluster_known_nodes)" = 1 ]; then
            add_node "$n" "$(resolve "$n")" "$(resolve "$SEED")"
            wait_ok "$SEED"
          fi
        done
        set -- %s
        for m in %s; do
          r=0
          while [ "$r" -lt %d ] && [ "$#" -gt 0 ]; do
            n="$1"; shift; r=$((r+1))
            wait_ping "$n"
            if [ "$(info "$n" cluster_known_nodes)" = 1 ]; then
              id="$(cli "$m" cluster myid | tr -d '\\r')"
              # The seed learns of a new master by gossip; adding a replica of it before then fails.
              t=0
              until cli "$SEED" cluster nodes | grep -q "^$id "; do
                t=$((t+1)); [ "$t" -lt 60 ] || { echo "$SEED never learned of master $m" >&2; exit 1; }
                sleep 1
              done
              add_node "$n" "$(resolve "$n")" "$(resolve "$SEED")" --cluster-slave --cluster-master-id "$id"
              wait_ok "$SEED"
            fi
          done
        done
        # A node can briefly report CLUSTERDOWN while the new nodes' gossip settles: fix and retry.
        a=0
        until redis-cli --no-auth-warning --cluster rebalance "$(resolve "$SEED")" --cluster-use-empty-masters; do
          a=$((a+1)); [ "$a" -lt 5 ] || { echo "rebalance failed 5 times" >&2; exit 1; }
          sleep 2
          redis-cli --no-auth-warning --cluster fix "$(resolve "$SEED")" || true
          wait_ok "$SEED"
        done
        wait_ok "$SEED"
        echo "cluster grown"
        """.formatted(existing, words(newMasters), words(newReplicas), words(newMasters),
            replicasPerShard);
  }

  private static String words(List<String> nodes) {
    return nodes.isEmpty() ? "" : nodes.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(" "));
  }
}
