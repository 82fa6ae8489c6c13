package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.EntryState;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web chat as a person uses it, in headless Chromium from Debian: sign in with the API key, see the agent's
 * balances, ask for the balance and get a tool card with the chain's number, approve a held payment in place.
 */
@QuarkusTest
@QuarkusTestResource(value = DevnetRuntimeResource.class, restrictToAnnotatedClass = true)
class ChatUiIT {

    @TestHTTPResource("/")
    URL root;

    @Inject
    AgentRegistry registry;

    @Test
    void chatToolCardAndApprovalInTheBrowser() throws Exception {
        RunningAgent demo = registry.find("demo").orElseThrow();
        EvmWallet evm = (EvmWallet) demo.wallet().wallets().values().stream().filter(EvmWallet.class::isInstance).findFirst().orElseThrow();
        ChromeDriver browser = DebianChromium.start();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
            browser.get(root.toString());
            browser.findElement(By.id("apikey")).sendKeys(DevnetRuntimeResource.key("demo"));
            browser.findElement(By.id("signin")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "demo"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("details"), "dUSD"));
            assertThat(browser.findElement(By.id("details")).getText()).contains(evm.address().value()).contains("1000 dUSD");

            browser.findElement(By.id("message")).sendKeys("what's my balance?");
            browser.findElement(By.id("send")).click();
            WebElement toolCard = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".card.tool")));
            wait.until(ExpectedConditions.textToBePresentInElement(toolCard, "get balance: "));
            assertThat(toolCard.getText()).as("a readable card, the raw JSON only on demand").doesNotContain("arguments:").doesNotContain("{");
            toolCard.findElement(By.cssSelector("details.raw summary")).click();
            assertThat(toolCard.getText()).contains("arguments:").contains("result:");
            // no asset named: every balance, the ETH one as the chain reports it
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".msg.agent"), "Your balances: "));
            assertThat(browser.findElement(By.cssSelector(".msg.agent")).getText())
                    .startsWith("Your balances: " + evm.balanceOf(evm.address()) + ", ");

            EvmAddress recipient = EvmAddress.of("0x" + UUID.randomUUID().toString().replace("-", "") + "00000000");
            SpendResult held = demo.wallet().pay(new PaymentIntent("demo", new PaymentTarget.EvmTransfer(recipient),
                    Amount.of(evm.nativeCoin(), "0.03"), "ui test", "ui-" + UUID.randomUUID()),
                    Grounding.of(new UserWords(List.of("send 0.03 ETH to " + recipient.value().toLowerCase()), null)));
            assertThat(held.state()).isEqualTo(EntryState.AWAITING_APPROVAL);
            browser.findElement(By.id("refresh")).click();
            WebElement card = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(".card.approval[data-payment-id='" + held.entryId() + "']")));
            assertThat(card.getText()).contains("Amount\n0.03 ETH").contains("Maximum fee\n").containsIgnoringCase("To\n"
                    + recipient.value().substring(0, 6) + "…" + recipient.value().substring(38));
            assertThat(card.findElement(By.cssSelector("dd .address")).getAttribute("title")).isEqualToIgnoringCase(recipient.value());
            assertThat(card.getRect().getWidth()).as("the card stays inside the side panel")
                    .isLessThanOrEqualTo(browser.findElement(By.id("approvals")).getRect().getWidth());
            card.findElement(By.cssSelector("button.approve")).click();
            wait.until(driver -> demo.wallet().status(held.entryId()).state() == EntryState.SUCCEEDED);
            assertThat(evm.balanceOf(recipient)).isEqualTo(Amount.of(evm.nativeCoin(), "0.03"));

            // after paying gas the ETH balance has 18 decimals: shown rounded, exact on hover
            browser.findElement(By.id("refresh")).click();
            Amount eth = evm.balanceOf(evm.address());
            WebElement ethBalance = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#details li.balance .amount")));
            assertThat(ethBalance.getAttribute("title")).as("the exact balance on hover").isEqualTo(eth.toString());
            assertThat(ethBalance.getText()).as("rounded for reading, not 18 decimals").matches("≈\\d+\\.\\d{1,4} ETH");

            WebElement paid = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#payments li[data-payment-id='" + held.entryId() + "']")));
            assertThat(paid.getText()).contains("0.03 ETH").endsWith("succeeded");
            WebElement chart = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#spending figure.spend-chart[data-asset='ETH']")));
            assertThat(chart.findElement(By.tagName("figcaption")).getText()).matches("ETH: [1-9]\\d* payments? in 14 days");
            assertThat(chart.findElements(By.cssSelector("svg rect"))).as("a bar per day").hasSize(14);
            List<WebElement> days = chart.findElements(By.cssSelector("table.sr-only tr"));
            assertThat(days.getLast().getAttribute("textContent")).as("today's row, read by screen readers")
                    .startsWith(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()).contains(" ETH");
            WebElement ethBudget = browser.findElements(By.cssSelector("#budgets .budget")).stream()
                    .filter(b -> b.getText().contains("of 0.5 ETH in 24 h")).findFirst().orElseThrow();
            assertThat(Double.parseDouble(ethBudget.findElement(By.tagName("meter")).getAttribute("value")))
                    .as("0.03 ETH and its fee of the 0.5 ETH budget").isGreaterThanOrEqualTo(6);
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("payment-filter"))).selectByValue("REJECTED");
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#payments li[data-payment-id='" + held.entryId() + "']")));

            WebElement definition = browser.findElement(By.id("definition"));
            assertThat(definition.getText()).as("the agent's definition, read-only for its user").contains("Model\nlocal")
                    .contains("Per payment at most\n0.1 ETH, 100 dUSD, 20000 sat").doesNotContain("Edit (admin)");

            String dusd = demo.assets().stream().filter(dev.bursar.wallet.Asset.Erc20Token.class::isInstance)
                    .map(a -> ((dev.bursar.wallet.Asset.Erc20Token) a).contract().value()).findFirst().orElseThrow();
            browser.findElement(By.id("contract-address")).sendKeys(dusd);
            browser.findElement(By.id("contract-check")).click();
            WebElement report = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#contract-report .card.report")));
            assertThat(report.getText()).as("verdict, score and each finding with its evidence").startsWith("ALLOW, score ")
                    .contains("simulation passed (").contains("Uniswap V2 router");

            // an admin edits the definition in the console: a bad one changes nothing, a good one rebuilds the agent
            browser.executeScript("sessionStorage.clear()");
            browser.navigate().refresh();
            browser.findElement(By.id("apikey")).sendKeys(DevnetRuntimeResource.key("admin"));
            browser.findElement(By.id("signin")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "admin"));
            WebElement edit = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#definition details.edit")));
            edit.findElement(By.tagName("summary")).click();
            browser.executeScript("const t = document.getElementById('definition-json'); const d = JSON.parse(t.value);"
                    + " d.policy.maxPerTransaction = ['1 DOGE']; t.value = JSON.stringify(d);");
            edit.findElement(By.cssSelector("button.save-definition")).click();
            wait.until(ExpectedConditions.textToBePresentInElement(edit.findElement(By.cssSelector(".status")), "nothing changed"));
            assertThat(registry.find("demo").orElseThrow().definition().policy().maxPerTransaction()).contains("0.1 ETH");
            browser.executeScript("const t = document.getElementById('definition-json'); const d = JSON.parse(t.value);"
                    + " d.policy.maxPerTransaction = ['0.1 ETH', '100 dUSD', '20000 sat']; d.name = 'Renamed by an admin';"
                    + " t.value = JSON.stringify(d);");
            edit.findElement(By.cssSelector("button.save-definition")).click();
            wait.until(ExpectedConditions.textToBePresentInElement(edit.findElement(By.cssSelector(".status")), "Saved"));
            assertThat(registry.find("demo").orElseThrow().definition().name()).isEqualTo("Renamed by an admin");

            Path shot = Path.of("target", "chat-ui.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }
}
