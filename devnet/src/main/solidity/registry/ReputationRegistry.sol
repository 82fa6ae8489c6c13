// SPDX-License-Identifier: MIT
// bursar:viaIR
pragma solidity ^0.8.24;

/// @dev The part of the identity registry (ERC-721) this registry reads.
interface IAgentIdentity {
    function ownerOf(uint256 agentId) external view returns (address);
    function isApprovedForAll(address owner, address operator) external view returns (bool);
    function getApproved(uint256 agentId) external view returns (address);
}

/// @title ReputationRegistry: ERC-8004 ("Trustless Agents") reputation registry, written by Bursar from the CC0 spec.
/// @notice Clients rate agents of one identity registry with a signed fixed-point value (value / 10^valueDecimals)
/// and two free tags; an agent's owner and operators cannot rate it. Function signatures and events match the
/// canonical ERC-8004 deployments; errors are custom errors. Not upgradeable, no owner.
/// @dev Compiled with viaIR (see the marker above): giveFeedback's eight arguments plus its eleven-field event do not
/// fit the legacy pipeline's stack.
contract ReputationRegistry {
    event NewFeedback(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        int128 value,
        uint8 valueDecimals,
        string indexed indexedTag1,
        string tag1,
        string tag2,
        string endpoint,
        string feedbackURI,
        bytes32 feedbackHash
    );
    event FeedbackRevoked(uint256 indexed agentId, address indexed clientAddress, uint64 indexed feedbackIndex);
    event ResponseAppended(
        uint256 indexed agentId,
        address indexed clientAddress,
        uint64 feedbackIndex,
        address indexed responder,
        string responseURI,
        bytes32 responseHash
    );

    error ZeroIdentityRegistry();
    error AgentNotFound(uint256 agentId);
    /// The agent's owner or one of its operators tried to rate it.
    error SelfFeedbackNotAllowed(uint256 agentId, address caller);
    error ValueDecimalsTooLarge(uint8 valueDecimals);
    error ValueOutOfRange(int128 value);
    error FeedbackNotFound(uint256 agentId, address clientAddress, uint64 feedbackIndex);
    error FeedbackAlreadyRevoked(uint256 agentId, address clientAddress, uint64 feedbackIndex);
    error EmptyResponseURI();
    /// getSummary needs the clients to trust: an unfiltered summary is open to Sybil feedback.
    error EmptyClientList();

    uint8 public constant MAX_VALUE_DECIMALS = 18;
    int128 public constant MAX_ABS_VALUE = 1e38;

    struct Feedback {
        int128 value;
        uint8 valueDecimals;
        bool isRevoked;
        string tag1;
        string tag2;
    }

    IAgentIdentity private immutable _identityRegistry;

    // agentId => client => feedbackIndex (1-based) => feedback
    mapping(uint256 => mapping(address => mapping(uint64 => Feedback))) private _feedback;
    mapping(uint256 => mapping(address => uint64)) private _lastIndex;
    mapping(uint256 => address[]) private _clients;
    mapping(uint256 => mapping(address => bool)) private _isClient;
    // agentId => client => feedbackIndex => responder => number of responses
    mapping(uint256 => mapping(address => mapping(uint64 => mapping(address => uint64)))) private _responseCount;
    mapping(uint256 => mapping(address => mapping(uint64 => address[]))) private _responders;

    constructor(address identityRegistry_) {
        if (identityRegistry_ == address(0)) revert ZeroIdentityRegistry();
        _identityRegistry = IAgentIdentity(identityRegistry_);
    }

    function getIdentityRegistry() external view returns (address) {
        return address(_identityRegistry);
    }

    function giveFeedback(
        uint256 agentId,
        int128 value,
        uint8 valueDecimals,
        string calldata tag1,
        string calldata tag2,
        string calldata endpoint,
        string calldata feedbackURI,
        bytes32 feedbackHash
    ) external {
        if (valueDecimals > MAX_VALUE_DECIMALS) revert ValueDecimalsTooLarge(valueDecimals);
        if (value > MAX_ABS_VALUE || value < -MAX_ABS_VALUE) revert ValueOutOfRange(value);
        address owner = _ownerOf(agentId);
        if (
            msg.sender == owner || _identityRegistry.isApprovedForAll(owner, msg.sender)
                || _identityRegistry.getApproved(agentId) == msg.sender
        ) revert SelfFeedbackNotAllowed(agentId, msg.sender);

        uint64 index = ++_lastIndex[agentId][msg.sender];
        _feedback[agentId][msg.sender][index] = Feedback(value, valueDecimals, false, tag1, tag2);
        if (!_isClient[agentId][msg.sender]) {
            _isClient[agentId][msg.sender] = true;
            _clients[agentId].push(msg.sender);
        }
        emit NewFeedback(agentId, msg.sender, index, value, valueDecimals, tag1, tag1, tag2, endpoint, feedbackURI, feedbackHash);
    }

    function revokeFeedback(uint256 agentId, uint64 feedbackIndex) external {
        Feedback storage f = _existing(agentId, msg.sender, feedbackIndex);
        if (f.isRevoked) revert FeedbackAlreadyRevoked(agentId, msg.sender, feedbackIndex);
        f.isRevoked = true;
        emit FeedbackRevoked(agentId, msg.sender, feedbackIndex);
    }

    /// @notice Anyone (the agent, an auditor, a refund service) may attach a response to a feedback entry.
    function appendResponse(
        uint256 agentId,
        address clientAddress,
        uint64 feedbackIndex,
        string calldata responseURI,
        bytes32 responseHash
    ) external {
        _existing(agentId, clientAddress, feedbackIndex);
        if (bytes(responseURI).length == 0) revert EmptyResponseURI();
        if (_responseCount[agentId][clientAddress][feedbackIndex][msg.sender]++ == 0) {
            _responders[agentId][clientAddress][feedbackIndex].push(msg.sender);
        }
        emit ResponseAppended(agentId, clientAddress, feedbackIndex, msg.sender, responseURI, responseHash);
    }

    function readFeedback(uint256 agentId, address clientAddress, uint64 feedbackIndex)
        external
        view
        returns (int128 value, uint8 valueDecimals, string memory tag1, string memory tag2, bool isRevoked)
    {
        Feedback storage f = _existing(agentId, clientAddress, feedbackIndex);
        return (f.value, f.valueDecimals, f.tag1, f.tag2, f.isRevoked);
    }

    /// @notice Count and mean of the non-revoked feedback that `clientAddresses` gave `agentId`, filtered by the tags
    /// ("" matches any). The mean is expressed with the largest valueDecimals among the entries counted (fewer if it
    /// would not fit int128), truncated toward zero.
    function getSummary(uint256 agentId, address[] calldata clientAddresses, string calldata tag1, string calldata tag2)
        external
        view
        returns (uint64 count, int128 summaryValue, uint8 summaryValueDecimals)
    {
        if (clientAddresses.length == 0) revert EmptyClientList();
        int256 sum; // in units of 10^-18
        for (uint256 i; i < clientAddresses.length; i++) {
            uint64 last = _lastIndex[agentId][clientAddresses[i]];
            for (uint64 j = 1; j <= last; j++) {
                Feedback storage f = _feedback[agentId][clientAddresses[i]][j];
                if (f.isRevoked || !_matches(f, tag1, tag2)) continue;
                sum += int256(f.value) * int256(10 ** (MAX_VALUE_DECIMALS - f.valueDecimals));
                if (f.valueDecimals > summaryValueDecimals) summaryValueDecimals = f.valueDecimals;
                count++;
            }
        }
        if (count > 0) {
            int256 mean = sum / int256(uint256(count)) / int256(10 ** (MAX_VALUE_DECIMALS - summaryValueDecimals));
            // drop decimals until the mean fits int128 (at 0 decimals it always does: |value| <= 1e38)
            while ((mean > type(int128).max || mean < type(int128).min) && summaryValueDecimals > 0) {
                mean /= 10;
                summaryValueDecimals--;
            }
            summaryValue = int128(mean);
        }
    }

    function readAllFeedback(
        uint256 agentId,
        address[] calldata clientAddresses,
        string calldata tag1,
        string calldata tag2,
        bool includeRevoked
    )
        external
        view
        returns (
            address[] memory clients,
            uint64[] memory feedbackIndexes,
            int128[] memory values,
            uint8[] memory valueDecimals,
            string[] memory tag1s,
            string[] memory tag2s,
            bool[] memory revokedStatuses
        )
    {
        address[] memory list = clientAddresses;
        if (list.length == 0) list = _clients[agentId];
        uint256 total;
        for (uint256 pass; pass < 2; pass++) {
            if (pass == 1) {
                clients = new address[](total);
                feedbackIndexes = new uint64[](total);
                values = new int128[](total);
                valueDecimals = new uint8[](total);
                tag1s = new string[](total);
                tag2s = new string[](total);
                revokedStatuses = new bool[](total);
                total = 0;
            }
            for (uint256 i; i < list.length; i++) {
                uint64 last = _lastIndex[agentId][list[i]];
                for (uint64 j = 1; j <= last; j++) {
                    Feedback storage f = _feedback[agentId][list[i]][j];
                    if ((f.isRevoked && !includeRevoked) || !_matches(f, tag1, tag2)) continue;
                    if (pass == 1) {
                        clients[total] = list[i];
                        feedbackIndexes[total] = j;
                        values[total] = f.value;
                        valueDecimals[total] = f.valueDecimals;
                        tag1s[total] = f.tag1;
                        tag2s[total] = f.tag2;
                        revokedStatuses[total] = f.isRevoked;
                    }
                    total++;
                }
            }
        }
    }

    /// @notice Responses to feedback: of one entry (clientAddress and feedbackIndex given), of all of one client's
    /// entries (feedbackIndex 0), or of every client's (clientAddress 0); counted for `responders`, or for everyone
    /// when that list is empty.
    function getResponseCount(uint256 agentId, address clientAddress, uint64 feedbackIndex, address[] calldata responders)
        external
        view
        returns (uint64 count)
    {
        address[] memory clientList;
        if (clientAddress == address(0)) {
            clientList = _clients[agentId];
        } else {
            clientList = new address[](1);
            clientList[0] = clientAddress;
        }
        for (uint256 i; i < clientList.length; i++) {
            uint64 first = feedbackIndex == 0 || clientAddress == address(0) ? 1 : feedbackIndex;
            uint64 last = feedbackIndex == 0 || clientAddress == address(0) ? _lastIndex[agentId][clientList[i]] : feedbackIndex;
            for (uint64 j = first; j <= last; j++) {
                count += _responses(agentId, clientList[i], j, responders);
            }
        }
    }

    function getClients(uint256 agentId) external view returns (address[] memory) {
        return _clients[agentId];
    }

    function getLastIndex(uint256 agentId, address clientAddress) external view returns (uint64) {
        return _lastIndex[agentId][clientAddress];
    }

    function _responses(uint256 agentId, address client, uint64 index, address[] calldata responders)
        private
        view
        returns (uint64 count)
    {
        mapping(address => uint64) storage counts = _responseCount[agentId][client][index];
        if (responders.length == 0) {
            address[] storage all = _responders[agentId][client][index];
            for (uint256 k; k < all.length; k++) {
                count += counts[all[k]];
            }
        } else {
            for (uint256 k; k < responders.length; k++) {
                count += counts[responders[k]];
            }
        }
    }

    function _existing(uint256 agentId, address client, uint64 index) private view returns (Feedback storage) {
        if (index == 0 || index > _lastIndex[agentId][client]) revert FeedbackNotFound(agentId, client, index);
        return _feedback[agentId][client][index];
    }

    function _matches(Feedback storage f, string calldata tag1, string calldata tag2) private view returns (bool) {
        return (bytes(tag1).length == 0 || keccak256(bytes(f.tag1)) == keccak256(bytes(tag1)))
            && (bytes(tag2).length == 0 || keccak256(bytes(f.tag2)) == keccak256(bytes(tag2)));
    }

    function _ownerOf(uint256 agentId) private view returns (address owner) {
        try _identityRegistry.ownerOf(agentId) returns (address o) {
            owner = o;
        } catch {
            revert AgentNotFound(agentId);
        }
        if (owner == address(0)) revert AgentNotFound(agentId);
    }
}
