/**
 * A DAO governance agent built from Bursar's parts: Governor reads, proposal simulation on a fork, a mandate enforced in
 * code, votes through the guarded wallet, and a journal of reasons (docs/dao.md).
 */
package dev.bursar.examples.dao;
