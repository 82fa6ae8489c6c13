package dev.bursar.l402.jaxrs;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a Jakarta REST resource method (or every method of a resource class) behind L402: {@link L402RequestFilter}
 * answers 402 with a challenge until the caller presents a paid token for {@link #service()}.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface L402 {

    /**
     * The service a token buys, as in the macaroon's {@code services=name:tier} caveat; required on resources (empty
     * only on the filter itself, which carries the annotation for name binding).
     */
    String service() default "";

    /**
     * The list price of one token in satoshis; 0 takes the price of the service registered with the filter. A
     * configured path price and the dynamic price hook come after it.
     */
    long price() default 0;
}
