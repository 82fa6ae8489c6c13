// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @title JobEscrow: an ERC-20 escrow for one job between a client and a provider, judged by an evaluator.
/// @notice Shaped after the ERC-8183 ("Agentic Commerce") draft, simplified: the client creates and funds a job in one
/// call; the provider submits a result hash until the deadline; the evaluator (the client unless named) completes the
/// job, paying the provider, or rejects it, refunding the client; after the deadline anyone may return the funds of a
/// job that was not settled to its client. No owner, no fee, no upgrade, no hook.
/// @dev Every state change happens before the token moves (checks-effects-interactions) and every entry point is
/// nonReentrant (a transient-storage guard, EIP-1153: needs Cancun). Tokens that deliver less than the amount asked
/// (fee on transfer, rebasing down) are refused when the job is created, so a job always holds exactly its amount.
/// createJob writes the job before it pulls the funds, then checks what arrived: the measurement needs the transfer
/// first, and the guard keeps the token from re-entering in between.
contract JobEscrow is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    enum Status {
        None,
        Funded,
        Submitted,
        Completed,
        Rejected,
        Refunded
    }

    /// @dev client, deadline and status share one storage slot.
    struct Job {
        address client;
        uint64 deadline;
        Status status;
        address provider;
        address evaluator;
        address token;
        uint256 amount;
        bytes32 specHash;
        bytes32 resultHash;
    }

    event JobCreated(
        uint256 indexed jobId,
        address indexed client,
        address indexed provider,
        address evaluator,
        address token,
        uint256 amount,
        uint64 deadline,
        bytes32 specHash
    );
    event JobSubmitted(uint256 indexed jobId, address indexed provider, bytes32 resultHash);
    event JobCompleted(uint256 indexed jobId, address indexed evaluator, bytes32 reason, uint256 paid);
    event JobRejected(uint256 indexed jobId, address indexed evaluator, bytes32 reason, uint256 refunded);
    event JobRefunded(uint256 indexed jobId, address indexed caller, uint256 refunded);

    error ZeroAddress();
    error ZeroAmount();
    error ProviderIsClient();
    error DeadlineNotInFuture(uint64 deadline, uint256 blockTimestamp);
    /// The token delivered less than the amount (a fee-on-transfer or otherwise non-standard token): not supported.
    error UnsupportedToken(address token, uint256 expected, uint256 received);
    error EmptyResultHash();
    error JobNotFound(uint256 jobId);
    error InvalidStatus(uint256 jobId, Status status);
    error NotProvider(uint256 jobId, address caller);
    error NotEvaluator(uint256 jobId, address caller);
    error DeadlinePassed(uint256 jobId, uint64 deadline);
    error DeadlineNotPassed(uint256 jobId, uint64 deadline);

    uint256 private _jobCount;
    mapping(uint256 jobId => Job) private _jobs;

    /// @notice Creates job `jobId` (1, 2, ...) and pulls `amount` of `token` from the caller, who must have approved
    /// this contract for it. `evaluator` zero means the client judges the result; `deadline` is the last second
    /// (block timestamp) at which the provider may submit.
    function createJob(
        address provider,
        address evaluator,
        address token,
        uint256 amount,
        uint64 deadline,
        bytes32 specHash
    ) external nonReentrant returns (uint256 jobId) {
        if (provider == address(0) || token == address(0)) revert ZeroAddress();
        if (provider == msg.sender) revert ProviderIsClient();
        if (amount == 0) revert ZeroAmount();
        if (deadline <= block.timestamp) revert DeadlineNotInFuture(deadline, block.timestamp);
        address judge = evaluator == address(0) ? msg.sender : evaluator;

        jobId = ++_jobCount;
        _jobs[jobId] = Job(msg.sender, deadline, Status.Funded, provider, judge, token, amount, specHash, bytes32(0));
        emit JobCreated(jobId, msg.sender, provider, judge, token, amount, deadline, specHash);

        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert UnsupportedToken(token, amount, received);
    }

    /// @notice The provider hands in the hash of its result, once, until the deadline.
    function submit(uint256 jobId, bytes32 resultHash) external nonReentrant {
        Job storage job = _job(jobId);
        if (msg.sender != job.provider) revert NotProvider(jobId, msg.sender);
        if (job.status != Status.Funded) revert InvalidStatus(jobId, job.status);
        if (block.timestamp > job.deadline) revert DeadlinePassed(jobId, job.deadline);
        if (resultHash == bytes32(0)) revert EmptyResultHash();
        job.status = Status.Submitted;
        job.resultHash = resultHash;
        emit JobSubmitted(jobId, msg.sender, resultHash);
    }

    /// @notice The evaluator accepts the submitted result: the provider is paid the whole amount.
    function complete(uint256 jobId, bytes32 reason) external nonReentrant {
        Job storage job = _job(jobId);
        if (msg.sender != job.evaluator) revert NotEvaluator(jobId, msg.sender);
        if (job.status != Status.Submitted) revert InvalidStatus(jobId, job.status);
        job.status = Status.Completed;
        emit JobCompleted(jobId, msg.sender, reason, job.amount);
        IERC20(job.token).safeTransfer(job.provider, job.amount);
    }

    /// @notice The evaluator refuses the job (before or after a submission): the client gets the whole amount back.
    function reject(uint256 jobId, bytes32 reason) external nonReentrant {
        Job storage job = _job(jobId);
        if (msg.sender != job.evaluator) revert NotEvaluator(jobId, msg.sender);
        if (job.status != Status.Funded && job.status != Status.Submitted) revert InvalidStatus(jobId, job.status);
        job.status = Status.Rejected;
        emit JobRejected(jobId, msg.sender, reason, job.amount);
        IERC20(job.token).safeTransfer(job.client, job.amount);
    }

    /// @notice After the deadline, anyone may send the funds of an unsettled job back to its client.
    function claimRefund(uint256 jobId) external nonReentrant {
        Job storage job = _job(jobId);
        if (job.status != Status.Funded && job.status != Status.Submitted) revert InvalidStatus(jobId, job.status);
        if (block.timestamp <= job.deadline) revert DeadlineNotPassed(jobId, job.deadline);
        job.status = Status.Refunded;
        emit JobRefunded(jobId, msg.sender, job.amount);
        IERC20(job.token).safeTransfer(job.client, job.amount);
    }

    function getJob(uint256 jobId) external view returns (Job memory) {
        return _job(jobId);
    }

    function jobCount() external view returns (uint256) {
        return _jobCount;
    }

    function _job(uint256 jobId) private view returns (Job storage job) {
        job = _jobs[jobId];
        if (job.status == Status.None) revert JobNotFound(jobId);
    }
}
