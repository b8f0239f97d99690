package io.lxkns.agent.http;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lxkns.support.Digests;
import io.lxkns.support.http.Endpoints;
import io.lxkns.support.http.Endpoints.Request;
import io.lxkns.support.http.Endpoints.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who may read the node's full discovery. On loopback, whoever can run a command in the pod or
 * port-forward to it (both already need the API server's permission). On any other address, only a
 * caller whose bearer token the API server accepts (TokenReview) and who may {@code get} this
 * node's {@code nodes/proxy} (SubjectAccessReview): the permission that reading the kubelet's own
 * API through the API server asks for, which the discovery is as sensitive as. Answers are
 * remembered for {@link #REMEMBERED} per token (hashed), so a client polling does not poll the API
 * server.
 */
public final class ApiAccess {
    static final Duration REMEMBERED = Duration.ofSeconds(30);
    private static final int REMEMBERED_TOKENS = 256;

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;
    private final Map<String, Decision> decisions = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decision> eldest) {
            return size() > REMEMBERED_TOKENS;
        }
    };

    private record Decision(Response refusal, Instant until) {}

    private ApiAccess(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    /** Anyone who reaches the address: for a loopback address only. */
    public static ApiAccess loopback() {
        return new ApiAccess(null, null, Clock.systemUTC());
    }

    /** Through the API server's authentication and authorization. */
    public static ApiAccess kubernetes(KubernetesClient client, String nodeName, Clock clock) {
        return new ApiAccess(client, nodeName, clock);
    }

    /** Null when the request may be answered, else the answer that refuses it. */
    public Response check(Request request) {
        if (client == null) {
            return null;
        }
        String authorization = request.headers().getOrDefault("authorization", "");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            return Response.text(401, Endpoints.TEXT, "a bearer token is needed\n");
        }
        String token = authorization.substring(7).strip();
        String key = Digests.sha256Hex(token, 32);
        Instant now = clock.instant();
        synchronized (decisions) {
            Decision known = decisions.get(key);
            if (known != null && now.isBefore(known.until)) {
                return known.refusal;
            }
        }
        Response refusal = decide(token);
        if (refusal == null || refusal.status() != 503) { // the API server may be back at once
            synchronized (decisions) {
                decisions.put(key, new Decision(refusal, now.plus(REMEMBERED)));
            }
        }
        return refusal;
    }

    private Response decide(String token) {
        try {
            TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build())
                    .create();
            if (review.getStatus() == null || !Boolean.TRUE.equals(review.getStatus().getAuthenticated())) {
                return Response.text(401, Endpoints.TEXT, "the token was not accepted\n");
            }
            var user = review.getStatus().getUser();
            SubjectAccessReview access = client.resource(new SubjectAccessReviewBuilder()
                    .withNewSpec()
                    .withUser(user.getUsername())
                    .withUid(user.getUid())
                    .withGroups(user.getGroups())
                    .withNewResourceAttributes()
                    .withVerb("get").withResource("nodes").withSubresource("proxy").withName(nodeName)
                    .endResourceAttributes()
                    .endSpec()
                    .build()).create();
            if (access.getStatus() == null || !Boolean.TRUE.equals(access.getStatus().getAllowed())) {
                return Response.text(403, Endpoints.TEXT, "needs get on nodes/proxy of node " + nodeName + "\n");
            }
            return null;
        } catch (KubernetesClientException e) {
            return Response.text(503, Endpoints.TEXT, "cannot ask the API server: HTTP " + e.getCode() + "\n");
        }
    }
}
