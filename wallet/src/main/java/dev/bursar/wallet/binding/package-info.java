/**
 * Intent binding: a payment is the one the user asked for. The user's own words in a conversation (and the owner's
 * address book) are the only things that ground a payment's recipient, asset and amount; text from a persona, a tool
 * result, a fetched page or another agent never does. {@link dev.bursar.wallet.binding.IntentBinding} is the check,
 * run by the policy chain below the model.
 */
package dev.bursar.wallet.binding;
