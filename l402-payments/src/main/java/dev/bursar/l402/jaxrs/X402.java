package dev.bursar.l402.jaxrs;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a Jakarta REST resource method (or every method of a resource class) behind x402: {@link X402RequestFilter}
 * answers 402 with the offer registered for {@link #service()} until the request carries a payment that the
 * facilitator verifies and settles.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface X402 {

    /** The offer this resource is sold at, as registered with {@link X402RequestFilter.Builder#offer}; empty only on the filter. */
    String service() default "";
}
