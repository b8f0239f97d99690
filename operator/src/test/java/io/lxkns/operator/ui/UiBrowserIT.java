package io.lxkns.operator.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.lxkns.crds.NodeNamespaces;
import io.lxkns.crds.testing.MockApi;
import io.lxkns.operator.analysis.ClusterAnalysis;
import io.lxkns.operator.metrics.OperatorMetrics;
import io.lxkns.operator.reconcile.LxknsOperator;
import io.lxkns.support.http.HostPort;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The UI in headless Chromium (Debian's chromium and chromium-driver) against the operator running
 * in-process on the fabric8 mock API with 1,000 nodes of fixture data: every view's content, deep
 * links, search, the JSON download, keyboard use and labels, and hostile strings shown as text.
 * Screenshots go to target/ui-screenshots/.
 */
@EnableKubernetesMockClient(crud = true)
@Tag("browser")
class UiBrowserIT {
    static final int NODES = 1_000;
    static final Path SHOTS = Path.of("target", "ui-screenshots");
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    static KubernetesMockServer server;
    static KubernetesClient client;
    static LxknsOperator operator;
    static UiState ui;
    static UiServer uiServer;
    static ChromeDriver browser;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        for (String[] needed : new String[][] {{CHROMIUM, "chromium"}, {CHROMEDRIVER, "chromium-driver"}}) {
            if (!new File(needed[0]).canExecute()) {
                fail(needed[0] + " is missing: install Debian's package " + needed[1]
                        + " (apt-get install -y chromium chromium-driver; hack/test.sh does)");
            }
        }
        MockApi.answerLeaseRulesReviews(server);
        MockApi.installCrds(client);
        UiFixtures fixtures = UiFixtures.cluster(NODES, Instant.now());
        long created = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writes = new ArrayList<>();
        fixtures.nodes().forEach(n -> writes.add(pool.submit(() -> client.resource(n).create())));
        // The API server gives each pod its uid; the reports must name that one to be believed.
        Map<String, String> uids = new ConcurrentHashMap<>();
        fixtures.pods().forEach(p -> writes.add(pool.submit(() -> {
            Pod pod = client.resource(p).create();
            uids.put(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), pod.getMetadata().getUid());
        })));
        for (Future<?> write : writes) {
            write.get();
        }
        writes.clear();
        fixtures.withUids(uids).forEach(r -> writes.add(pool.submit(() -> publish(r))));
        for (Future<?> write : writes) {
            write.get();
        }
        pool.shutdown();
        System.out.printf("UiBrowserIT: fixture cluster of %d nodes, %d pods written in %d ms%n", NODES,
                fixtures.pods().size(), (System.nanoTime() - created) / 1_000_000);

        ui = new UiState();
        operator = new LxknsOperator(client, ClusterAnalysis.Settings.defaults(), Duration.ofMinutes(10), "op-0", null,
                new OperatorMetrics(), null, ui).start();
        uiServer = UiServer.start(HostPort.parse("127.0.0.1:0"), ui, UiServer.fullReports(client));
        base = "http://127.0.0.1:" + uiServer.address().getPort();
        await("a snapshot of every node and pod", Duration.ofSeconds(60), () -> ui.snapshot() != null
                && ui.snapshot().nodes().size() == NODES && ui.snapshot().pods().size() == fixtures.pods().size());

        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("lxkns-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    /** As an agent does: the API server ignores the status on create, so it is written after. */
    private static void publish(NodeNamespaces report) {
        NodeNamespaces created = client.resource(report).create();
        created.setStatus(report.getStatus());
        client.resource(created).updateStatus();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (uiServer != null) {
            uiServer.close();
        }
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void clusterViewWith1000NodesRendersFindingsAndNodeStates() throws Exception {
        browser.get("about:blank");
        long start = System.nanoTime();
        open("/ui/#/cluster", "cluster");
        long millis = (System.nanoTime() - start) / 1_000_000;
        // From the browser's navigation start to the view drawn (the page's own performance mark).
        Number inBrowser = (Number) browser.executeScript(
                "return performance.getEntriesByName('lxkns-rendered')[0].startTime");
        String timing = String.format("first view (cluster, %d nodes): %d ms from navigation start to content drawn,"
                + " %d ms as the test waited for it%n", NODES, Math.round(inBrowser.doubleValue()), millis);
        Files.writeString(SHOTS.resolve("first-view-time.txt"), timing);
        System.out.print("UiBrowserIT: " + timing);

        assertThat(text("main h1")).isEqualTo("Cluster");
        assertThat(text("#nodes-h")).isEqualTo("Nodes (1000)");
        WebElement nodes = section("nodes-h");
        assertThat(nodes.getText()).contains("reporting 998", "stale 1", "missing 1");
        assertThat(href(nodes, "node-0998")).endsWith("#/node/node-0998");
        assertThat(href(nodes, "node-0999")).endsWith("#/node/node-0999");
        WebElement findings = section("findings-h");
        assertThat(findings.getText()).contains("HostNamespaceUnexpected", "NamespaceSharedAcrossPods", "LeakedNamespace",
                "StaleNode", "MissingNode");
        WebElement row = rowWith(findings.findElements(By.tagName("table")).get(1), "HostNamespaceUnexpected");
        assertThat(href(row, "shop/web")).endsWith("#/pod/shop/web");
        assertThat(href(row, "node-0000")).endsWith("#/node/node-0000");
        assertThat(section("types-h").getText()).contains("net", "Pods observed: 3001");
        assertThat(text("#snapshot")).contains("by op-0");
        screenshot("cluster");

        browser.findElement(By.linkText("node-0999")).click();
        await("the missing node", () -> "node".equals(rendered()));
        assertThat(text("main h1")).contains("node-0999", "missing");
        assertThat(text("main .notice")).isEqualTo("This node has no NodeNamespaces.");
    }

    @Test
    void podDeepLinkShowsTheGridTheHostFlagsAndExplainedFindings() throws Exception {
        open("/ui/#/pod/shop/web", "pod");
        assertThat(text("main h1")).isEqualTo("Pod shop/web");
        assertThat(browser.getTitle()).isEqualTo("lxkns · Pod shop/web");
        WebElement flags = section("flags-h");
        assertThat(rowWith(flags, "hostNetwork").getText()).contains("false", "net: host", "differs");
        assertThat(rowWith(flags, "hostPID").getText()).contains("pid: own").doesNotContain("differs");
        WebElement grid = browser.findElement(By.cssSelector("table[aria-label='Containers by namespace type']"));
        assertThat(grid.findElements(By.cssSelector("thead th"))).extracting(WebElement::getText)
                .containsExactly("Container", "user", "mnt", "net", "pid", "ipc", "uts", "cgroup", "time");
        WebElement app = rowWith(grid, "app");
        assertThat(app.findElements(By.cssSelector("td")).get(2).getText()).startsWith("host net:[");
        assertThat(app.findElements(By.cssSelector("td")).get(0).getText()).startsWith("host user:[");
        WebElement findings = section("pod-findings-h");
        assertThat(rowWith(findings, "HostNamespaceUnexpected").getText())
                .contains(UiViews.EXPLANATIONS.get("HostNamespaceUnexpected"));
        screenshot("pod");

        open("/ui/#/pod/shop/api", "pod");
        WebElement shared = rowWith(browser.findElement(By.cssSelector("table[aria-label='Containers by namespace type']")),
                "app").findElements(By.cssSelector("td")).get(2);
        assertThat(shared.getText()).isEqualTo(UiFixtures.SHARED_NET + " shared with shop/worker");
        assertThat(text("main")).contains(UiFixtures.API_NETNS);
        shared.findElement(By.linkText("shop/worker")).click();
        await("the worker's view", () -> "Pod shop/worker".equals(text("main h1")));
        assertThat(browser.getCurrentUrl()).endsWith("#/pod/shop/worker");

        open("/ui/#/pod/shop/none", "pod");
        assertThat(text("main h1")).isEqualTo("Not found");
    }

    @Test
    void nodeViewShowsTheUserTreeMarksAndHostileStringsAsText() throws Exception {
        open("/ui/#/node/node-0000", "node");
        assertThat(text("main h1")).isEqualTo("Node node-0000 reporting");
        WebElement tree = browser.findElement(By.cssSelector("ul[aria-label='User namespace hierarchy']"));
        WebElement inner = tree.findElement(By.xpath(".//li[code[text()='" + UiFixtures.USER_OUTER + "']]"
                + "//li[code[text()='" + UiFixtures.USER_INNER + "']]"));
        assertThat(inner.getText()).contains("nested-init", "shop/nested", "net net:[");
        WebElement leaked = tree.findElement(By.xpath(".//li[code[text()='" + UiFixtures.LEAKED_NET + "']]"));
        assertThat(leaked.getAttribute("class")).isEqualTo("leaked");
        assertThat(leaked.getText()).contains("leaked", UiFixtures.LEAKED_PATH);
        WebElement sharedNet = tree.findElement(By.xpath(".//li[code[text()='" + UiFixtures.SHARED_NET + "']]"));
        assertThat(sharedNet.getText()).contains("shared", "shop/api", "shop/worker");
        assertThat(tree.findElement(By.xpath(".//li[code[text()='" + UiFixtures.host(0).get("net") + "']]")).getText())
                .contains("host");

        // What a compromised node wrote is on screen as the characters it sent, and nothing ran.
        WebElement main = browser.findElement(By.id("main"));
        assertThat(main.getText()).contains(UiFixtures.HOSTILE_COMM, "<b>bold</b>");
        assertThat(main.findElements(By.tagName("img"))).isEmpty();
        assertThat(main.findElements(By.tagName("b"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("lxkns · Node node-0000 reporting");
        assertThat(main.getText()).as("escape sequences shown escaped").contains("<b>bold</b>\\x1b[31mred",
                "kernel 6.18\\x1b[2J").doesNotContain("\u001b");
        assertThat(section("pods-h").getText()).contains("shop/web", "net");
        assertThat(section("node-findings-h").getText()).contains("LeakedNamespace", "NamespaceSharedAcrossPods");
        screenshot("node");
    }

    @Test
    void searchByPodNodeNamespaceIdPidAndNetnsPath() throws Exception {
        open("/ui/#/cluster", "cluster");
        search("worker");
        assertThat(hrefs()).contains("#/pod/shop/worker");
        screenshot("search");
        search("node-0007");
        assertThat(hrefs()).contains("#/node/node-0007");
        search(UiFixtures.SHARED_NET);
        assertThat(hrefs()).contains("#/pod/shop/api", "#/pod/shop/worker");
        search(String.valueOf(UiFixtures.API_PID));
        assertThat(text("main tbody")).contains("pid", "PID of container app", "shop/api");
        search(UiFixtures.API_NETNS);
        assertThat(text("main tbody")).contains("netns", UiFixtures.API_NETNS, "shop/api");
        browser.findElement(By.cssSelector("main tbody a[href='#/pod/shop/api']")).click();
        await("the pod from its hit", () -> "Pod shop/api".equals(text("main h1")));

        open("/ui/#/search?q=" + UiFixtures.host(5).get("uts").replace("[", "%5B").replace("]", "%5D"), "search");
        assertThat(text("main tbody")).contains("the host's uts namespace", "node-0005");
    }

    @Test
    void jsonDownloadServesWhatTheViewShows() throws Exception {
        open("/ui/#/pod/shop/api", "pod");
        WebElement link = browser.findElement(By.id("download"));
        assertThat(link.getAttribute("download")).isEqualTo("lxkns-pod.json");
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(link.getAttribute("href"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.get("pod").asText()).isEqualTo("shop/api");
        WebElement grid = browser.findElement(By.cssSelector("table[aria-label='Containers by namespace type']"));
        assertThat(grid.findElements(By.cssSelector("tbody tr"))).hasSize(json.get("containers").size());
        assertThat(section("pod-findings-h").findElements(By.cssSelector("tbody tr"))).hasSize(json.get("findings").size());
        assertThat(text("main h1")).isEqualTo("Pod " + json.get("pod").asText());

        open("/ui/#/cluster", "cluster");
        JsonNode cluster = JSON.readTree(get(browser.findElement(By.id("download")).getAttribute("href")));
        assertThat(text("#findings-h")).isEqualTo("Findings (" + cluster.get("findingsTotal").asInt() + ")");
    }

    @Test
    void keyboardReachesLinksAndSearchWithVisibleFocusAndLandmarksAreLabelled() throws Exception {
        open("/ui/#/cluster", "cluster");
        assertThat(browser.findElements(By.cssSelector("header nav[aria-label='Views']"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("form[role='search'][aria-label]"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("main"))).hasSize(1);
        assertThat(browser.findElements(By.cssSelector("footer"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("label[for='q']")).getText()).isEqualTo("Search");
        for (WebElement section : browser.findElements(By.cssSelector("main section"))) {
            String labelledBy = section.getAttribute("aria-labelledby");
            assertThat(browser.findElements(By.id(labelledBy))).as("section labelled by " + labelledBy).hasSize(1);
        }
        assertThat(browser.findElements(By.cssSelector("main th[scope='col']"))).isNotEmpty();

        List<String> reached = new ArrayList<>();
        boolean outlined = false;
        for (int i = 0; i < 12; i++) {
            browser.switchTo().activeElement().sendKeys(Keys.TAB);
            WebElement focused = browser.switchTo().activeElement();
            reached.add(focused.getTagName() + ":" + focused.getText() + focused.getAttribute("id"));
            if (focused.getTagName().equals("a") && focused.getText().equals("node-0998")) {
                String outline = focused.getCssValue("outline-style") + " " + focused.getCssValue("outline-width");
                assertThat(outline).as("visible focus").isEqualTo("solid 3px");
                outlined = true;
                focused.sendKeys(Keys.ENTER);
                break;
            }
        }
        assertThat(reached).as("Tab order").contains("a:Cluster", "input:q", "button:Search");
        assertThat(outlined).as("Tab reached the stale node's link: " + reached).isTrue();
        await("Enter followed the link", () -> "node".equals(rendered()));
        assertThat(text("main h1")).contains("node-0998", "stale");
        assertThat(browser.switchTo().activeElement().getTagName()).as("focus moves to the new view's heading").isEqualTo("h1");
        screenshot("keyboard-focus");

        WebElement q = browser.findElement(By.id("q"));
        q.clear();
        q.sendKeys("shop/nested", Keys.ENTER);
        await("search by Enter", () -> "search".equals(rendered()));
        assertThat(hrefs()).contains("#/pod/shop/nested");
    }

    @Test
    void aStandbySaysSoAndNamesTheLeader() throws Exception {
        UiState standby = new UiState();
        standby.leader("op-1");
        try (UiServer other = UiServer.start(HostPort.parse("127.0.0.1:0"), standby, name -> null)) {
            browser.get("http://127.0.0.1:" + other.address().getPort() + "/ui/#/cluster");
            await("the standby's page", () -> "cluster".equals(rendered()));
            assertThat(text("main h1")).isEqualTo("Not the leader");
            assertThat(text("main .notice")).contains("op-1");
        }
    }

    @Test
    void onlyLoopbackHostNamesAreAnsweredWithAStrictPolicy() throws Exception {
        assertThat(raw("evil.example")).startsWith("HTTP/1.1 403");
        String answer = raw("127.0.0.1:" + uiServer.address().getPort());
        assertThat(answer).startsWith("HTTP/1.1 200").contains("Content-Security-Policy: default-src 'none'",
                "X-Content-Type-Options: nosniff");
    }

    private static String raw(String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", uiServer.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ui/api/cluster HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Opens {@code path} as a new page load, as a pasted deep link is, not as a change of the hash. */
    private static void open(String path, String view) {
        browser.get("about:blank");
        browser.get(base + path);
        await("the " + view + " view of " + path, () -> view.equals(rendered()) || (rendered() != null
                && browser.findElements(By.cssSelector("main h1")).size() == 1 && text("main h1").equals("Not found")));
    }

    private static void search(String query) {
        WebElement q = browser.findElement(By.id("q"));
        q.clear();
        q.sendKeys(query);
        browser.findElement(By.cssSelector("form[role='search'] button")).click();
        await("hits for " + query, () -> "search".equals(rendered()) && text("main h1").equals("Search: " + query));
    }

    private static String rendered() {
        return (String) browser.executeScript("return document.body.dataset.rendered || null");
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static WebElement section(String headingId) {
        return browser.findElement(By.cssSelector("section[aria-labelledby='" + headingId + "']"));
    }

    private static WebElement rowWith(WebElement table, String text) {
        return table.findElements(By.cssSelector("tr")).stream().filter(r -> r.getText().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no row with " + text + " in " + table.getText()));
    }

    private static String href(WebElement in, String linkText) {
        return in.findElement(By.linkText(linkText)).getAttribute("href");
    }

    private static List<String> hrefs() {
        return browser.findElements(By.cssSelector("main a")).stream().map(a -> a.getDomAttribute("href")).toList();
    }

    private static String get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** A view being redrawn replaces the elements a condition reads: not yet, rather than an error. */
    private static boolean holds(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (StaleElementReferenceException | NoSuchElementException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(10), condition);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!holds(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s in vain for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
