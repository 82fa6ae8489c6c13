package dev.bursar.runtime.decide;

import dev.bursar.wallet.Asset;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Which of the agent's assets a message is about, from the words people use for them ("ether", "sats", "lightning"). */
final class AssetWords {

    private static final Pattern NATIVE = Pattern.compile("\\b(?:eth|ether|ethereum)\\b");
    private static final Pattern BITCOIN = Pattern.compile("\\b(?:sats?|satoshis?|bitcoin|btc|lightning|ln|msats?)\\b");

    private AssetWords() {
    }

    /** The one asset {@code lower} (a lower-cased message) names, or empty when it names none or several. */
    static Optional<Asset> in(String lower, List<Asset> assets) {
        List<Asset> named = assets.stream().filter(a -> names(lower, a)).toList();
        return named.size() == 1 ? Optional.of(named.getFirst()) : Optional.empty();
    }

    private static boolean names(String lower, Asset asset) {
        if (Pattern.compile("\\b" + Pattern.quote(asset.symbol().toLowerCase(java.util.Locale.ROOT)) + "\\b").matcher(lower).find()) {
            return true;
        }
        return switch (asset) {
            case Asset.NativeCoin c -> NATIVE.matcher(lower).find();
            case Asset.LightningBitcoin l -> BITCOIN.matcher(lower).find();
            default -> false;
        };
    }
}
