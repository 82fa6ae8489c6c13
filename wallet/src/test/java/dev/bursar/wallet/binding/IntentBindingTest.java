package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.value.BitcoinNetwork;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IntentBindingTest {

    private static final Asset ETH = Asset.NativeCoin.ether(31337);
    private static final Asset DUSD = new Asset.Erc20Token(31337, EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"), "dUSD", 6);
    private static final Asset BTC = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);
    private static final EvmAddress BOB = EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    private static final EvmAddress MALLORY = EvmAddress.of("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    private static final IntentBinding BINDING = new IntentBinding(List.of(ETH, DUSD, BTC));
    private static final AddressBook BOOK = new AddressBook(List.of(new Contact("Bob", BOB)));

    private static BindingResult check(String said, ProposedSpend spend) {
        return BINDING.check(List.of(spend), Grounding.of(new UserWords(List.of(said), BOOK)));
    }

    private static ProposedSpend send(EvmAddress to, Asset asset, String amount) {
        return new ProposedSpend.Transfer(to, Amount.of(asset, amount));
    }

    @Test
    void aPaymentTheUserWroteIsGrounded() {
        assertThat(check("Send 0.01 ETH to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8", send(BOB, ETH, "0.01")))
                .isInstanceOf(BindingResult.Grounded.class);
        assertThat(check("send 0.01 eth to 0x70997970c51812dc3a010c7d01b50e0d17dc79c8", send(BOB, ETH, "0.01")))
                .as("a lower-case address").isInstanceOf(BindingResult.Grounded.class);
        assertThat(check("please send bob 5 dUSD", send(BOB, DUSD, "5"))).as("a contact by name, any case")
                .isInstanceOfSatisfying(BindingResult.Grounded.class, g -> assertThat(g.how()).contains("address book"));
    }

    @Test
    void theRightNumberInTheWrongAssetIsNotThePaymentAskedFor() {
        assertThat(check("send 5 ETH to " + BOB, send(BOB, DUSD, "5")))
                .isInstanceOfSatisfying(BindingResult.Ungrounded.class,
                        u -> assertThat(u.discrepancy()).contains("you wrote 5 ETH; the agent proposed 5 dUSD"));
    }

    @Test
    void aNegativeAmountInWordsGroundsNoPayment() {
        // Found by the eval's second held-out set: "pay bob minus 3 dUSD" once paid bob 3 dUSD.
        assertThat(check("pay bob minus 3 dUSD", send(BOB, DUSD, "3"))).isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(check("pay bob -3 dUSD", send(BOB, DUSD, "3"))).isInstanceOf(BindingResult.Ungrounded.class);
    }

    @Test
    void aRecipientFromAnywhereButTheUserIsNotGrounded() {
        assertThat(check("send 0.001 ETH to vitalik.eth", send(EvmAddress.of("0x1111111111111111111111111111111111111111"), ETH, "0.001")))
                .isInstanceOfSatisfying(BindingResult.Ungrounded.class,
                        u -> assertThat(u.discrepancy()).contains("vitalik.eth is a name this chain cannot resolve"));
        assertThat(check("send 0.01 ETH to 0x7099…79C8", send(BOB, ETH, "0.01")))
                .isInstanceOfSatisfying(BindingResult.Ungrounded.class,
                        u -> assertThat(u.discrepancy()).contains("abbreviated address like 0x7099…79C8 never grounds"));
        assertThat(check("send 0.01 ETH to 0x70997970c51812DC3A010C7d01b50e0d17dc79C8", send(BOB, ETH, "0.01")))
                .isInstanceOfSatisfying(BindingResult.Ungrounded.class, u -> assertThat(u.discrepancy()).contains("EIP-55 checksum"));
        assertThat(check("send bob 5 dUSD", send(MALLORY, DUSD, "5"))).as("a contact named, another address proposed")
                .isInstanceOf(BindingResult.Ungrounded.class);
    }

    @Test
    void invoicesMustBePastedByTheUser() {
        String invoice = "lnbcrt10u1pjexampleexampleexampleexample0000";
        ProposedSpend pay = new ProposedSpend.Invoice(invoice, Amount.ofUnits(BTC, 1_000_000));
        assertThat(check("pay this invoice: lightning:" + invoice.toUpperCase(), pay)).isInstanceOf(BindingResult.Grounded.class);
        assertThat(check("what is my balance?", pay)).isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(BINDING.check(List.of(pay), new Grounding.PaidFetch("api.example.com"))).isInstanceOf(BindingResult.Grounded.class);
        assertThat(BINDING.check(List.of(send(BOB, ETH, "1")), new Grounding.PaidFetch("api.example.com")))
                .as("a paid fetch pays its invoice, nothing else").isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(BINDING.check(List.of(pay), Grounding.none())).isInstanceOf(BindingResult.Ungrounded.class);
    }

    @Test
    void everySpendOfACallMustBeGrounded() {
        List<ProposedSpend> spends = List.of(send(BOB, ETH, "0.01"), new ProposedSpend.Allowance(MALLORY, Amount.of(DUSD, "1000000")));
        assertThat(BINDING.check(spends, Grounding.of(new UserWords(List.of("send 0.01 ETH to " + BOB), BOOK))))
                .isInstanceOf(BindingResult.Ungrounded.class);
    }

    @Test
    void anX402AuthorizationIsGroundedByThePaidFetchOrByTheUsersOwnWords() {
        ProposedSpend authorize = new ProposedSpend.SignedTransfer(MALLORY, Amount.of(DUSD, "0.01"));
        assertThat(BINDING.check(List.of(authorize), new Grounding.PaidFetch("api.example.com"))).isInstanceOf(BindingResult.Grounded.class);
        assertThat(BINDING.check(List.of(authorize), Grounding.none())).isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(check("send bob 0.01 dUSD", authorize)).as("in a chat, its payee and amount need the user's words like a transfer")
                .isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(check("send bob 0.01 dUSD", new ProposedSpend.SignedTransfer(BOB, Amount.of(DUSD, "0.01"))))
                .isInstanceOf(BindingResult.Grounded.class);
    }

    private static final EvmAddress ESCROW = EvmAddress.of("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");

    private static BindingResult hire(String said, String budget, ProposedSpend spend) {
        return BINDING.check(List.of(spend), new Grounding.Hire(new UserWords(List.of(said), BOOK), Amount.of(DUSD, budget), java.util.Set.of(ESCROW)));
    }

    @Test
    void aHireMayFundOnlyTheEscrowWithinTheBudgetTheUserWrote() {
        String said = "find an agent to summarise this, spend at most 3 dUSD";
        assertThat(hire(said, "3", new ProposedSpend.Allowance(ESCROW, Amount.of(DUSD, "2")))).isInstanceOf(BindingResult.Grounded.class);
        assertThat(hire(said, "3", new ProposedSpend.DeclaredCall(ESCROW, "0x12345678"))).isInstanceOf(BindingResult.Grounded.class);
        assertThat(hire(said, "3", new ProposedSpend.Allowance(ESCROW, Amount.of(DUSD, "4"))))
                .as("over the budget").isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(hire(said, "3", new ProposedSpend.Allowance(MALLORY, Amount.of(DUSD, "1"))))
                .as("another spender").isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(hire(said, "3", send(MALLORY, DUSD, "1"))).as("a transfer").isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(hire(said, "3", new ProposedSpend.OpaqueCall(ESCROW, "0x12345678"))).as("undeclared call data")
                .isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(hire("summarise this for me", "3", new ProposedSpend.Allowance(ESCROW, Amount.of(DUSD, "2"))))
                .isInstanceOfSatisfying(BindingResult.Ungrounded.class, u -> assertThat(u.discrepancy()).contains("did not write the budget"));
    }

    @Test
    void anOwnerDutyGroundsOnlyDeclaredCallsOnItsContracts() {
        Grounding duty = new Grounding.OwnerDuty("submit the result of job 7", java.util.Set.of(ESCROW));
        assertThat(BINDING.check(List.of(new ProposedSpend.DeclaredCall(ESCROW, "0x12345678")), duty)).isInstanceOf(BindingResult.Grounded.class);
        assertThat(BINDING.check(List.of(new ProposedSpend.DeclaredCall(MALLORY, "0x12345678")), duty)).isInstanceOf(BindingResult.Ungrounded.class);
        assertThat(BINDING.check(List.of(new ProposedSpend.Allowance(ESCROW, Amount.of(DUSD, "1"))), duty)).isInstanceOf(BindingResult.Ungrounded.class);
    }
}
