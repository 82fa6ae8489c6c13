package dev.bursar.tools;

import dev.bursar.tools.plugin.PluginException;
import dev.bursar.wallet.InvalidInputException;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolGateTest {

    private final AtomicInteger runs = new AtomicInteger();
    private final List<String> events = new ArrayList<>();

    /** A small plugin written the way a developer would write one: a read tool and a spend tool. */
    private final BursarPlugin weather = new BursarPlugin() {
        @Override
        public String id() {
            return "weather";
        }

        @Override
        public Set<Permission> permissions() {
            return Set.of(Permission.WALLET_READ, Permission.WALLET_SPEND, Permission.of("acme:weather:read"));
        }

        @Override
        public List<BursarTool> tools(AgentContext context) {
            return List.of(tool("forecast", Set.of(Permission.WALLET_READ), JsonObjectSchema.builder()
                            .addStringProperty("city").addIntegerProperty("days").addEnumProperty("unit", List.of("C", "F"))
                            .required("city", "days").additionalProperties(false).build()),
                    tool("buy_premium", Set.of(Permission.WALLET_SPEND), JsonObjectSchema.builder().additionalProperties(false).build()),
                    tool("radar", Set.of(Permission.of("acme:weather:read")), JsonObjectSchema.builder().additionalProperties(false).build()));
        }
    };

    private BursarTool tool(String name, Set<Permission> permissions, JsonObjectSchema schema) {
        return BursarTool.of(ToolSpecification.builder().name(name).description(name).parameters(schema).build(), permissions,
                call -> {
                    runs.incrementAndGet();
                    if (call.arguments().path("city").asText().equals("Atlantis")) {
                        throw new InvalidInputException("no forecast for Atlantis");
                    }
                    return "sunny in " + call.arguments().get("city").asText();
                });
    }

    private Map<ToolSpecification, ToolExecutor> executors(Set<Permission> granted) {
        ToolGate gate = new ToolGate("agent-1", Map.of("weather", granted),
                List.of((agent, call, result, failed) -> events.add(agent + ":" + call.toolName() + ":" + failed)));
        return gate.executors(List.of(weather), new AgentContext("agent-1", null, List.of(), Optional.empty()));
    }

    private String call(Map<ToolSpecification, ToolExecutor> tools, String name, String args) {
        ToolSpecification spec = tools.keySet().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        return tools.get(spec).execute(ToolExecutionRequest.builder().id("c1").name(name).arguments(args).build(), "conv-1");
    }

    @Test
    void toolsWithoutTheirPermissionAreHiddenFromTheModel() {
        assertThat(executors(Set.of(Permission.WALLET_READ)).keySet()).extracting(ToolSpecification::name).containsExactly("forecast");
        assertThat(executors(Set.of(Permission.WALLET_READ, Permission.WALLET_SPEND)).keySet()).extracting(ToolSpecification::name)
                .containsExactly("forecast", "buy_premium");
        assertThat(executors(Set.of())).isEmpty();
    }

    @Test
    void aPluginsOwnNamespacedPermissionIsGrantedLikeABuiltInOne() {
        assertThat(executors(Set.of(Permission.of("acme:weather:read"))).keySet()).extracting(ToolSpecification::name)
                .containsExactly("radar");
        assertThat(Permission.of(" Acme:Weather:Read ")).isEqualTo(Permission.of("acme:weather:read"));
        for (String bad : List.of("weather", "acme:", ":read", "acme weather:read", "a:b:c:d:e", "acme:wéather")) {
            assertThatThrownBy(() -> Permission.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case segments");
        }
        assertThat(Permission.of("wallet:spend").builtIn()).isTrue();
        assertThat(Permission.of("wallet:drain").inReservedNamespace()).isTrue();
        assertThat(Permission.of("acme:weather:read").inReservedNamespace()).isFalse();
    }

    @Test
    void aToolNeedingAPermissionItsPluginDoesNotDeclareIsRefused() {
        BursarPlugin sloppy = new BursarPlugin() {
            @Override
            public String id() {
                return "sloppy";
            }

            @Override
            public Set<Permission> permissions() {
                return Set.of(Permission.WALLET_READ);
            }

            @Override
            public List<BursarTool> tools(AgentContext context) {
                return List.of(tool("pay_everyone", Set.of(Permission.WALLET_SPEND), JsonObjectSchema.builder().build()));
            }
        };
        ToolGate gate = new ToolGate("agent-1", Map.of("sloppy", Set.of(Permission.WALLET_READ)), List.of());
        assertThatThrownBy(() -> gate.executors(List.of(sloppy), new AgentContext("agent-1", null, List.of(), Optional.empty())))
                .isInstanceOf(PluginException.class).hasMessageContaining("plugin sloppy").hasMessageContaining("pay_everyone")
                .hasMessageContaining("wallet:spend");
        assertThat(runs).hasValue(0);
    }

    @Test
    void aToolWhosePluginMaySpendCountsAsMovingValueWhateverItDeclares() {
        ToolGate gate = new ToolGate("agent-1", Map.of("weather", Set.of(Permission.WALLET_READ, Permission.WALLET_SPEND)), List.of());
        List<GrantedTool> tools = gate.granted(List.of(weather), new AgentContext("agent-1", null, List.of(), Optional.empty()));
        assertThat(tools).extracting(t -> t.specification().name()).containsExactly("forecast", "buy_premium");
        assertThat(tools).as("forecast declares only wallet:read, but its plugin's context can pay").allMatch(GrantedTool::movesValue);
        assertThat(new ToolGate("agent-1", Map.of("weather", Set.of(Permission.WALLET_READ)), List.of())
                .granted(List.of(weather), new AgentContext("agent-1", null, List.of(), Optional.empty())))
                .noneMatch(GrantedTool::movesValue);
        List<GrantedTool> builtIn = new ToolGate("agent-1", Map.of("wallet", Set.of(Permission.WALLET_READ, Permission.WALLET_SPEND)), List.of())
                .granted(List.of(new dev.bursar.tools.wallet.WalletPlugin()), new AgentContext("agent-1", null,
                        List.of(dev.bursar.wallet.Asset.NativeCoin.ether(31337)), Optional.empty()));
        assertThat(builtIn).as("Bursar's own read tools are known to read only").anyMatch(t -> !t.movesValue())
                .anyMatch(t -> t.specification().name().equals("send_payment") && t.movesValue());
    }

    @Test
    void validCallsRunAndAreReported() {
        var tools = executors(Set.of(Permission.WALLET_READ));
        assertThat(call(tools, "forecast", "{\"city\":\"Lisbon\",\"days\":3,\"unit\":\"C\"}")).isEqualTo("sunny in Lisbon");
        assertThat(events).containsExactly("agent-1:forecast:false");
    }

    @Test
    void malformedCallsNeverRun() {
        var tools = executors(Set.of(Permission.WALLET_READ));
        assertThat(call(tools, "forecast", "{\"city\":\"Lisbon\"")).startsWith("error:").contains("not valid JSON");
        assertThat(call(tools, "forecast", "{\"city\":\"Lisbon\"}")).contains("'days' is required");
        assertThat(call(tools, "forecast", "{\"city\":\"Lisbon\",\"days\":\"3\"}")).contains("'days' must be a whole number");
        assertThat(call(tools, "forecast", "{\"city\":\"Lisbon\",\"days\":3,\"unit\":\"K\"}")).contains("must be one of [C, F]");
        assertThat(call(tools, "forecast", "{\"city\":\"Lisbon\",\"days\":3,\"admin\":true}")).contains("'admin' is not a parameter");
        assertThat(call(tools, "forecast", "{\"city\":\"Lisbon\",\"days\":3,\"days\":4}")).contains("not valid JSON");
        assertThat(call(tools, "forecast", "[1,2]")).contains("must be a JSON object");
        assertThat(runs).hasValue(0);
        assertThat(events).allMatch(e -> e.endsWith(":true"));
    }

    @Test
    void aToolErrorReachesTheModelAsAMessage() {
        var tools = executors(Set.of(Permission.WALLET_READ));
        assertThat(call(tools, "forecast", "{\"city\":\"Atlantis\",\"days\":1}")).isEqualTo("error: no forecast for Atlantis");
    }
}
