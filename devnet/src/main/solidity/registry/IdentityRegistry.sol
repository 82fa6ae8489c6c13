// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC721URIStorage} from "@openzeppelin/contracts/token/ERC721/extensions/ERC721URIStorage.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title IdentityRegistry: ERC-8004 ("Trustless Agents") identity registry, written by Bursar from the CC0 spec.
/// @notice Every agent is an ERC-721 token: the tokenId is the agentId, tokenURI is the agentURI (its registration
/// file). Function signatures, events and the EIP-712 type/domain match the canonical ERC-8004 deployments; errors
/// are custom errors instead of revert strings. Not upgradeable, no owner, no fee.
/// @dev The reserved metadata key "agentWallet" is the address the agent is paid at: it starts as the registering
/// owner, changes only with an EIP-712 (or ERC-1271) proof signed by the new wallet, and is cleared when the agent
/// changes hands, so a buyer of the token never inherits the seller's payment address.
contract IdentityRegistry is ERC721URIStorage, EIP712 {
    struct MetadataEntry {
        string metadataKey;
        bytes metadataValue;
    }

    event Registered(uint256 indexed agentId, string agentURI, address indexed owner);
    event MetadataSet(uint256 indexed agentId, string indexed indexedMetadataKey, string metadataKey, bytes metadataValue);
    event URIUpdated(uint256 indexed agentId, string newURI, address indexed updatedBy);

    /// The caller is neither the agent's owner nor approved for it.
    error NotAuthorized(uint256 agentId, address caller);
    /// "agentWallet" is set only through setAgentWallet / unsetAgentWallet.
    error ReservedMetadataKey(string metadataKey);
    error ZeroWallet();
    /// The wallet proof's deadline has passed.
    error WalletProofExpired(uint256 deadline, uint256 blockTimestamp);
    /// The wallet proof's deadline is more than MAX_DEADLINE_DELAY ahead (a proof must be short-lived).
    error WalletProofDeadlineTooFar(uint256 deadline, uint256 latestAllowed);
    /// The signature does not prove that newWallet agreed (wrong signer, agentId, owner, deadline, chain or contract).
    error InvalidWalletSignature(address newWallet);

    bytes32 public constant AGENT_WALLET_SET_TYPEHASH =
        keccak256("AgentWalletSet(uint256 agentId,address newWallet,address owner,uint256 deadline)");
    uint256 public constant MAX_DEADLINE_DELAY = 5 minutes;

    string private constant AGENT_WALLET_KEY = "agentWallet";
    bytes32 private constant AGENT_WALLET_KEY_HASH = keccak256("agentWallet");

    uint256 private _nextAgentId;
    mapping(uint256 agentId => mapping(string metadataKey => bytes metadataValue)) private _metadata;
    mapping(uint256 agentId => address wallet) private _agentWallet;

    constructor() ERC721("AgentIdentity", "AGENT") EIP712("ERC8004IdentityRegistry", "1") {}

    function register() external returns (uint256 agentId) {
        agentId = _registerTo(msg.sender, "");
        _safeMint(msg.sender, agentId);
    }

    function register(string calldata agentURI) external returns (uint256 agentId) {
        agentId = _registerTo(msg.sender, agentURI);
        _safeMint(msg.sender, agentId);
    }

    function register(string calldata agentURI, MetadataEntry[] calldata metadata) external returns (uint256 agentId) {
        agentId = _registerTo(msg.sender, agentURI);
        for (uint256 i; i < metadata.length; i++) {
            _setMetadata(agentId, metadata[i].metadataKey, metadata[i].metadataValue);
        }
        _safeMint(msg.sender, agentId);
    }

    function setAgentURI(uint256 agentId, string calldata newURI) external {
        _requireAuthorized(agentId);
        _setTokenURI(agentId, newURI);
        emit URIUpdated(agentId, newURI, msg.sender);
    }

    function getMetadata(uint256 agentId, string calldata metadataKey) external view returns (bytes memory) {
        if (keccak256(bytes(metadataKey)) == AGENT_WALLET_KEY_HASH) {
            address wallet = _agentWallet[agentId];
            return wallet == address(0) ? bytes("") : abi.encodePacked(wallet);
        }
        return _metadata[agentId][metadataKey];
    }

    function setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) external {
        _requireAuthorized(agentId);
        _setMetadata(agentId, metadataKey, metadataValue);
    }

    /// @notice Sets where the agent is paid. `signature` is newWallet's EIP-712 signature of
    /// AgentWalletSet(agentId, newWallet, owner, deadline) under the domain ("ERC8004IdentityRegistry", "1", chainId,
    /// this contract), or an ERC-1271 approval when newWallet is a contract. `deadline` may be at most 5 minutes ahead.
    function setAgentWallet(uint256 agentId, address newWallet, uint256 deadline, bytes calldata signature) external {
        if (newWallet == address(0)) revert ZeroWallet();
        if (block.timestamp > deadline) revert WalletProofExpired(deadline, block.timestamp);
        if (deadline > block.timestamp + MAX_DEADLINE_DELAY) {
            revert WalletProofDeadlineTooFar(deadline, block.timestamp + MAX_DEADLINE_DELAY);
        }
        address owner = _requireAuthorized(agentId);
        bytes32 digest = _hashTypedDataV4(keccak256(abi.encode(AGENT_WALLET_SET_TYPEHASH, agentId, newWallet, owner, deadline)));
        if (!SignatureChecker.isValidSignatureNow(newWallet, digest, signature)) revert InvalidWalletSignature(newWallet);
        _agentWallet[agentId] = newWallet;
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, abi.encodePacked(newWallet));
    }

    function getAgentWallet(uint256 agentId) external view returns (address) {
        _requireOwned(agentId);
        return _agentWallet[agentId];
    }

    function unsetAgentWallet(uint256 agentId) external {
        _requireAuthorized(agentId);
        _clearAgentWallet(agentId);
    }

    /// @notice Whether `spender` may manage `agentId`: its owner, an operator of the owner, or the token's approved address.
    function isAuthorizedOrOwner(address spender, uint256 agentId) external view returns (bool) {
        return _isAuthorized(_requireOwned(agentId), spender, agentId);
    }

    /// @dev Clears the agent wallet whenever the token moves between two different owners.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        if (from != address(0) && to != address(0) && from != to && _agentWallet[tokenId] != address(0)) {
            _clearAgentWallet(tokenId);
        }
    }

    function _registerTo(address owner, string memory agentURI) private returns (uint256 agentId) {
        agentId = _nextAgentId++;
        _agentWallet[agentId] = owner;
        if (bytes(agentURI).length > 0) {
            _setTokenURI(agentId, agentURI);
        }
        emit Registered(agentId, agentURI, owner);
    }

    function _setMetadata(uint256 agentId, string calldata metadataKey, bytes calldata metadataValue) private {
        if (keccak256(bytes(metadataKey)) == AGENT_WALLET_KEY_HASH) revert ReservedMetadataKey(metadataKey);
        _metadata[agentId][metadataKey] = metadataValue;
        emit MetadataSet(agentId, metadataKey, metadataKey, metadataValue);
    }

    function _clearAgentWallet(uint256 agentId) private {
        delete _agentWallet[agentId];
        emit MetadataSet(agentId, AGENT_WALLET_KEY, AGENT_WALLET_KEY, "");
    }

    /// @dev Reverts with NotAuthorized unless msg.sender may manage the agent (which must exist); returns its owner.
    function _requireAuthorized(uint256 agentId) private view returns (address owner) {
        owner = _requireOwned(agentId);
        if (!_isAuthorized(owner, msg.sender, agentId)) revert NotAuthorized(agentId, msg.sender);
    }
}
