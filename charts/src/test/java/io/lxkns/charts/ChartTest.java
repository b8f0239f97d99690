package io.lxkns.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.lxkns.support.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** helm lint and helm template, in-process, with the rendered YAML read back as Kubernetes objects. */
class ChartTest {
    private static final List<String> CAPABILITIES = List.of("SYS_PTRACE", "SYS_ADMIN", "SYS_CHROOT", "DAC_READ_SEARCH",
            "NET_ADMIN");

    @Test
    void lintsStrictly() {
        LintResult lint = new Helm(Rendered.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void agentIsLeastPrivilegedOnEveryNode() {
        DaemonSet agent = Rendered.with(Map.of()).one(DaemonSet.class);
        PodSpec pod = agent.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        SecurityContext security = container.getSecurityContext();

        assertThat(pod.getHostPID()).isTrue();
        assertThat(pod.getHostNetwork()).isNull();
        assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).as("no hostPath").isNull());
        assertThat(security.getPrivileged()).isFalse();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getCapabilities().getAdd()).containsExactlyElementsOf(CAPABILITIES);
        assertThat(security.getAppArmorProfile().getType()).isEqualTo("Unconfined");
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getOperator()).isEqualTo("Exists"));
        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(agent.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("10%");
        assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("NODE_NAME")).singleElement()
                .extracting(EnvVar::getValueFrom).satisfies(v -> assertThat(v.getFieldRef().getFieldPath()).isEqualTo("spec.nodeName"));
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
        assertThat(container.getArgs()).contains("agent", "--listen=0.0.0.0:9090", "--api-listen=127.0.0.1:9091",
                "--interval=30s",
                "--min-write-interval=30s", "--refresh=2m", "--max-size=262144");
        assertThat(container.getResources().getLimits()).containsKey("memory");
    }

    @Test
    void capabilitiesInTheChartAreTheOnesTheLeastPrivilegeTestProves() throws IOException {
        // agent/src/test/.../LeastPrivilegeIT reads the same list from values.yaml.
        String values = Files.readString(Rendered.CHART.resolve("values.yaml"));
        for (String capability : CAPABILITIES) {
            assertThat(values).contains("    - " + capability + "\n");
        }
    }

    @Test
    void rbacIsLeastPrivilegeWithoutWildcards() {
        Rendered rendered = Rendered.with(Map.of());
        ClusterRole agent = rendered.named(ClusterRole.class, "lxkns-agent");
        assertThat(agent.getRules()).extracting(r -> r.getResources().get(0) + ":" + String.join(",", r.getVerbs()))
                .containsExactly("nodenamespaces:get,list,watch,create,update,patch",
                        "nodenamespaces/status:get,update,patch", "nodes:get");
        ClusterRole operator = rendered.named(ClusterRole.class, "lxkns-operator");
        assertThat(operator.getRules()).anySatisfy(r -> {
            assertThat(r.getResources()).containsExactly("events");
            assertThat(r.getVerbs()).containsExactly("create");
        });
        assertThat(operator.getRules()).noneMatch(r -> r.getVerbs().contains("delete")
                && !r.getResources().equals(List.of("nodenamespaces")) && !r.getResources().equals(List.of("reports", "clusterreports")));
        Role leases = rendered.one(Role.class);
        assertThat(leases.getMetadata().getNamespace()).isEqualTo(Rendered.NAMESPACE);
        assertThat(leases.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("leases");
            assertThat(r.getVerbs()).containsExactly("get", "create", "update");
        });
        Stream<PolicyRule> allRules = Stream.concat(rendered.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
                rendered.all(Role.class).stream().flatMap(r -> r.getRules().stream()));
        assertThat(allRules).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
    }

    @Test
    void admissionPolicyKeepsEachAgentToItsOwnNode() {
        Rendered rendered = Rendered.with(Map.of());
        ValidatingAdmissionPolicy policy = rendered.one(ValidatingAdmissionPolicy.class);
        assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
        assertThat(policy.getSpec().getMatchConstraints().getResourceRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("nodenamespaces", "nodenamespaces/status");
            assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
        });
        assertThat(policy.getSpec().getMatchConditions()).singleElement().satisfies(c -> assertThat(c.getExpression())
                .isEqualTo("request.userInfo.username == \"system:serviceaccount:lxkns-system:lxkns-agent\""));
        assertThat(policy.getSpec().getValidations()).singleElement().satisfies(v -> {
            assertThat(v.getExpression()).contains(
                    "request.userInfo.extra['authentication.kubernetes.io/node-name'][0] == object.metadata.name");
            assertThat(v.getReason()).isEqualTo("Forbidden");
        });
        ValidatingAdmissionPolicyBinding binding = rendered.one(ValidatingAdmissionPolicyBinding.class);
        assertThat(binding.getSpec().getPolicyName()).isEqualTo(policy.getMetadata().getName());
        assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    }

    @Test
    void operatorRunsTwoNonRootReplicasWithABudget() {
        Rendered rendered = Rendered.with(Map.of());
        Deployment operator = rendered.one(Deployment.class);
        PodSpec pod = operator.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(operator.getSpec().getReplicas()).isEqualTo(2);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getArgs()).contains("--lease-name=lxkns-operator", "--stale-after=5m");
        assertThat(container.getEnv()).extracting(EnvVar::getName).contains("POD_NAMESPACE", "POD_NAME");
        assertThat(rendered.one(PodDisruptionBudget.class).getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    }

    /** The UI has no authentication of its own: only loopback, which port-forward reaches, and no containerPort. */
    @Test
    void theOperatorsUiListensOnLoopbackOnlyAndCanBeSwitchedOff() {
        Container on = Rendered.with(Map.of()).one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(on.getArgs()).contains("--ui-listen=127.0.0.1:8082");
        assertThat(on.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8081);
        Container off = Rendered.with(Map.of("operator.ui.enabled", false)).one(Deployment.class).getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(off.getArgs()).contains("--ui-listen=none").noneMatch(a -> a.startsWith("--ui-listen=127"));
        assertThatThrownBy(() -> Rendered.with(Map.of("operator.ui.port", 0))).hasMessageContaining("port");
    }

    @Test
    void aQuietNodeIsRefreshedLongBeforeTheOperatorCallsItStale() {
        Rendered rendered = Rendered.with(Map.of());
        Duration refresh = Durations.parse(argument(rendered.one(DaemonSet.class), "--refresh="));
        Duration staleAfter = Durations.parse(argument(rendered.one(Deployment.class), "--stale-after="));

        assertThat(refresh.multipliedBy(2)).as("a node whose agent writes only every refresh must not look stale")
                .isLessThanOrEqualTo(staleAfter);
    }

    private static String argument(HasMetadata workload, String prefix) {
        PodSpec pod = workload instanceof DaemonSet d ? d.getSpec().getTemplate().getSpec()
                : ((Deployment) workload).getSpec().getTemplate().getSpec();
        return pod.getContainers().get(0).getArgs().stream().filter(a -> a.startsWith(prefix))
                .map(a -> a.substring(prefix.length())).findFirst().orElseThrow(() -> new AssertionError("no " + prefix));
    }

    @Test
    void variations() {
        Rendered noTolerations = Rendered.with(Map.of("agent.tolerateAllTaints", false));
        assertThat(noTolerations.one(DaemonSet.class).getSpec().getTemplate().getSpec().getTolerations()).isNullOrEmpty();

        Rendered otherImage = Rendered.with(Map.of("image.repository", "registry.example/lxkns", "image.tag", "1.2.3"));
        assertThat(otherImage.one(DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/lxkns:1.2.3-agent");
        assertThat(otherImage.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example/lxkns:1.2.3-operator");

        Rendered monitored = Rendered.with(Map.of("serviceMonitor.enabled", true));
        assertThat(monitored.ofKind("ServiceMonitor")).hasSize(2)
                .allSatisfy(m -> assertThat(m.get("spec").toString()).contains("/metrics"));
        assertThat(Rendered.with(Map.of()).ofKind("ServiceMonitor")).isEmpty();

        Rendered noContainers = Rendered.with(Map.of("agent.containers", false, "admissionPolicy.enabled", false));
        assertThat(noContainers.one(DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--no-containers");
        assertThat(noContainers.all(ValidatingAdmissionPolicy.class)).isEmpty();

        Rendered exposed = Rendered.with(Map.of("agent.api.exposed", true, "agent.labelAllowlist[0]", "team.example/*",
                "agent.criSockets[0]", "/run/k3s/containerd/containerd.sock"));
        Container agent = exposed.one(DaemonSet.class).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(agent.getArgs()).contains("--api-listen=0.0.0.0:9091", "--label-allowlist=team.example/*",
                "--cri-socket=/run/k3s/containerd/containerd.sock");
        assertThat(agent.getPorts()).extracting(p -> p.getName()).containsExactly("http", "api");
        assertThat(exposed.named(ClusterRole.class, "lxkns-agent").getRules())
                .extracting(r -> r.getResources().get(0) + ":" + String.join(",", r.getVerbs()))
                .contains("tokenreviews:create", "subjectaccessreviews:create");
        assertThat(Rendered.with(Map.of()).named(ClusterRole.class, "lxkns-agent").getRules())
                .noneMatch(r -> r.getResources().contains("tokenreviews"));

        Rendered agentOnly = Rendered.with(Map.of("operator.enabled", false));
        assertThat(agentOnly.all(Deployment.class)).isEmpty();
        assertThat(agentOnly.objects()).extracting(HasMetadata::getKind).doesNotContain("PodDisruptionBudget");
    }

    /** Any pod could talk to every agent: by default no one may, on any port; peers are named in values. */
    @Test
    void aNetworkPolicyLetsOnlyTheNamedPeersReachTheAgents() {
        NetworkPolicy closed = Rendered.with(Map.of()).one(NetworkPolicy.class);
        assertThat(closed.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(closed.getSpec().getIngress()).isNullOrEmpty();
        assertThat(closed.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "agent");

        NetworkPolicy scraped = Rendered.with(Map.of("networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.team",
                "monitoring")).one(NetworkPolicy.class);
        assertThat(scraped.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(9090));
            assertThat(rule.getFrom()).singleElement().satisfies(peer ->
                    assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("team", "monitoring"));
        });
        assertThat(Rendered.with(Map.of("networkPolicy.enabled", false)).all(NetworkPolicy.class)).isEmpty();
    }

    @Test
    void theValuesSchemaRejectsNonsense() {
        assertThatThrownBy(() -> Rendered.with(Map.of("agent.maxSize", 5_000_000))).hasMessageContaining("maxSize");
        assertThatThrownBy(() -> Rendered.with(Map.of("agent.interval", "soon"))).hasMessageContaining("interval");
        assertThatThrownBy(() -> Rendered.with(Map.of("agent.capabilities[0]", "SYS_MODULE"))).hasMessageContaining("capabilities");
    }

    @Test
    void policyReportsInTheFormatChosenWithTheirCrdsAndRbac() throws IOException {
        Rendered openReports = Rendered.with(Map.of());
        assertThat(openReports.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--reports=openreports");
        List<CustomResourceDefinition> crds = openReports.all(CustomResourceDefinition.class);
        assertThat(crds).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("reports.openreports.io", "clusterreports.openreports.io");
        assertThat(crds).allSatisfy(c -> assertThat(c.getMetadata().getAnnotations())
                .as("kept on uninstall: other tools use them").containsEntry("helm.sh/resource-policy", "keep"));
        assertThat(openReports.named(ClusterRole.class, "lxkns-operator").getRules()).anySatisfy(r -> {
            assertThat(r.getApiGroups()).containsExactly("openreports.io");
            assertThat(r.getVerbs()).containsExactly("get", "list", "create", "patch", "delete");
        });
        assertThat(openReports.named(ClusterRole.class, "lxkns-reports-view").getMetadata().getLabels())
                .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");

        assertThat(Rendered.with(Map.of("reports.installCrds", false)).all(CustomResourceDefinition.class)).isEmpty();

        Rendered older = Rendered.with(Map.of("reports.format", "wgpolicyk8s"));
        assertThat(older.all(CustomResourceDefinition.class)).isEmpty();
        assertThat(older.named(ClusterRole.class, "lxkns-operator").getRules())
                .anySatisfy(r -> assertThat(r.getResources()).containsExactly("policyreports", "clusterpolicyreports"))
                .noneMatch(r -> r.getApiGroups().contains("openreports.io"));

        Rendered none = Rendered.with(Map.of("reports.format", "none"));
        assertThat(none.named(ClusterRole.class, "lxkns-operator").getRules())
                .noneMatch(r -> r.getResources().contains("reports") || r.getResources().contains("policyreports"));
        assertThatThrownBy(() -> Rendered.with(Map.of("reports.format", "sarif"))).hasMessageContaining("format");
    }

    @Test
    void theShippedOpenReportsCrdsAreThePublishedOnesWithTheirLicence() throws IOException {
        Path published = Path.of("..", "crds", "openreports");
        for (String file : List.of("openreports.io_reports.yaml", "openreports.io_clusterreports.yaml", "LICENSE", "SOURCE.md")) {
            assertThat(Files.readString(Rendered.CHART.resolve("files/openreports").resolve(file)))
                    .as("charts/lxkns/files/openreports/%s differs from crds/openreports/%s", file, file)
                    .isEqualTo(Files.readString(published.resolve(file)));
        }
    }

    @Test
    void chartCrdsAreExactlyTheGeneratedOnes() throws IOException {
        Path generated = Path.of("..", "crds");
        try (Stream<Path> chartCrds = Files.list(Rendered.CHART.resolve("crds"));
                Stream<Path> committed = Files.list(generated)) {
            List<String> names = committed.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-v1.yml")).sorted().toList();
            assertThat(chartCrds.map(p -> p.getFileName().toString()).sorted().toList()).isEqualTo(names);
            for (String name : names) {
                assertThat(Files.readString(Rendered.CHART.resolve("crds").resolve(name)))
                        .as("charts/lxkns/crds/%s differs from crds/%s: copy it over", name, name)
                        .isEqualTo(Files.readString(generated.resolve(name)));
            }
        }
    }
}
