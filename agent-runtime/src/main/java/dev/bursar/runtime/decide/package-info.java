/**
 * The local model's decision path: each user turn is read by code into slots (addresses, amounts with units,
 * invoices, URLs, payment ids), tools are preselected by sentence embeddings, the model only chooses between the
 * remaining candidates under a grammar, and code fills the arguments from the slots or asks what is missing.
 */
package dev.bursar.runtime.decide;
