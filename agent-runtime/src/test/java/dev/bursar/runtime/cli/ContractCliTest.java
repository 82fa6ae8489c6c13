package dev.bursar.runtime.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ContractCliTest {

    private static String run(int status, String body, int[] exit) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        exit[0] = ContractCli.print(status, body, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheVerdictAndEveryFindingWithItsEvidenceAndExitsByVerdict() throws Exception {
        int[] exit = new int[1];
        String out = run(200, """
                {"chainId":31337,"address":"0xAb","verdict":"BLOCK","score":12,"confidence":1.0,"block":40,"implementations":[],
                 "findings":[{"code":"HONEYPOT_SELL_REVERTS","severity":"CRITICAL","evidence":"a holder's sell reverts",
                              "source":"simulation","penalty":100}]}""", exit);

        assertThat(out).contains("0xAb on chain 31337: BLOCK, score 12").contains("HONEYPOT_SELL_REVERTS")
                .contains("a holder's sell reverts").contains("[simulation, -100]");
        assertThat(exit[0]).isEqualTo(3);
    }

    @Test
    void anApiErrorIsShownAsIs() throws Exception {
        int[] exit = new int[1];
        assertThat(run(404, "{\"error\":\"no agent here scores contracts on chain 1\"}", exit))
                .contains("error 404: no agent here scores contracts on chain 1");
        assertThat(exit[0]).isEqualTo(2);
    }
}
