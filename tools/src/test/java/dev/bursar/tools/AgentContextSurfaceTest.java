package dev.bursar.tools;

import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.Wallet;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.evm.EvmKeys;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a plugin receives cannot reach a raw wallet, a key, a signer or an unguarded paying client, nor supply the user's
 * words that ground a payment: every public method of the context and of the guarded facades it hands out is checked,
 * generics included.
 */
class AgentContextSurfaceTest {

    private static final Set<Class<?>> FORBIDDEN = Set.of(Wallet.class, GuardedWallet.class, EvmKeys.class, PayingHttpClient.class);

    @Test
    void aPluginSeesOnlyGuardedOperations() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : List.of(AgentContext.class, AgentWallet.class, PaidFetcher.class, AgentHirer.class)) {
            for (Method m : type.getMethods()) {
                if (m.getDeclaringClass() == Object.class || !Modifier.isPublic(m.getModifiers())) {
                    continue;
                }
                if (exposes(m.getGenericReturnType())) {
                    leaks.add(type.getSimpleName() + "." + m.getName() + " returns " + m.getGenericReturnType().getTypeName());
                }
                for (Class<?> parameter : m.getParameterTypes()) {
                    if (parameter == UserWords.class || parameter == Grounding.class) {
                        leaks.add(type.getSimpleName() + "." + m.getName() + " lets its caller supply the user's words");
                    }
                }
                if (m.getName().toLowerCase().startsWith("sign")) {
                    leaks.add(type.getSimpleName() + "." + m.getName() + " signs");
                }
            }
        }
        for (RecordComponent c : AgentContext.class.getRecordComponents()) {
            if (exposes(c.getGenericType())) {
                leaks.add("AgentContext." + c.getName());
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static boolean exposes(Type type) {
        if (type instanceof Class<?> c) {
            return FORBIDDEN.stream().anyMatch(f -> f.isAssignableFrom(c));
        }
        if (type instanceof ParameterizedType p) {
            if (exposes(p.getRawType())) {
                return true;
            }
            for (Type arg : p.getActualTypeArguments()) {
                if (exposes(arg)) {
                    return true;
                }
            }
        }
        return false;
    }
}
