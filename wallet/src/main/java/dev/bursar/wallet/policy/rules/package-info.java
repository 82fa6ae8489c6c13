/** The built-in {@link dev.bursar.wallet.policy.PolicyRule}s a {@link dev.bursar.wallet.policy.PaymentPolicy} chains. */
package dev.bursar.wallet.policy.rules;
