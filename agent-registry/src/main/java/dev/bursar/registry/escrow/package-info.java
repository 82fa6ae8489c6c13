/**
 * The job escrow (ERC-8183-shaped): a client funds a job in an ERC-20 token, the provider submits a result hash, the
 * evaluator completes (pays) or rejects (refunds), and after the deadline anyone can refund an unsettled job.
 */
package dev.bursar.registry.escrow;
