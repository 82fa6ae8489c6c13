package dev.bursar.l402.jaxrs;

import dev.bursar.l402.server.L402ErrorBody;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

/** What the L402 and x402 filters share: finding a resource's price annotation, and answering with a JSON error. */
final class PricedResources {

    private PricedResources() {
    }

    /** The {@code type} annotation on the matched method, else on its class, else null. */
    static <A extends Annotation> A annotation(ResourceInfo matched, Class<A> type) {
        Method method = matched.getResourceMethod();
        A onMethod = method == null ? null : method.getAnnotation(type);
        Class<?> resource = matched.getResourceClass();
        return onMethod != null ? onMethod : resource == null ? null : resource.getAnnotation(type);
    }

    /** An answer with status {@code status} and the body {@code {"error": message}}. */
    static Response.ResponseBuilder error(int status, String message) {
        return Response.status(status).type(L402ErrorBody.CONTENT_TYPE).entity(L402ErrorBody.json(message));
    }
}
