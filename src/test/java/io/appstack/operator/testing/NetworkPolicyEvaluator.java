package io.appstack.operator.testing;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Whether the NetworkPolicies of one namespace let a pod reach another pod on a TCP port, by the rules of
 * the Kubernetes NetworkPolicy API for ingress between pods of that namespace: a pod selected by no policy
 * with {@code Ingress} accepts everything; a selected pod accepts a connection that one of the selecting
 * policies' rules allows (a peer whose pod selector matches the source, with no namespace selector or IP
 * block, and the port among the rule's ports; an empty list means all).
 */
public final class NetworkPolicyEvaluator {
  private NetworkPolicyEvaluator() {}

  public static boolean allows(List<NetworkPolicy> policies, Map<String, String> from, Map<String, String> to,
      int port) {
    List<NetworkPolicy> selecting = policies.stream()
        .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
        .filter(p -> matches(p.getSpec().getPodSelector(), to))
        .toList();
    return selecting.isEmpty() || selecting.stream()
        .flatMap(p -> p.getSpec().getIngress().stream())
        .anyMatch(rule -> admitsPeer(rule, from) && admitsPort(rule, port));
  }

  private static boolean admitsPeer(NetworkPolicyIngressRule rule, Map<String, String> from) {
    List<NetworkPolicyPeer> peers = rule.getFrom();
    return peers == null || peers.isEmpty() || peers.stream().anyMatch(peer -> peer.getNamespaceSelector() == null
        && peer.getIpBlock() == null && peer.getPodSelector() != null && matches(peer.getPodSelector(), from));
  }

  private static boolean admitsPort(NetworkPolicyIngressRule rule, int port) {
    List<NetworkPolicyPort> ports = rule.getPorts();
    return ports == null || ports.isEmpty() || ports.stream().anyMatch(p ->
        (p.getProtocol() == null || p.getProtocol().equals("TCP"))
            && (p.getPort() == null || Integer.valueOf(port).equals(p.getPort().getIntVal())));
  }

  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
        .allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    return selector.getMatchExpressions() == null
        || selector.getMatchExpressions().stream().allMatch(r -> matches(r, labels));
  }

  private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    return switch (requirement.getOperator()) {
      case "In" -> value != null && requirement.getValues().contains(value);
      case "NotIn" -> value == null || !requirement.getValues().contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> throw new IllegalArgumentException("unknown operator " + requirement.getOperator());
    };
  }
}
