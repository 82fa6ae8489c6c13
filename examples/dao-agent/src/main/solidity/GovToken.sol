// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";

/// @title The devnet DAO's governance token: ERC-20 with permits and checkpointed votes (block-number clock).
/// @notice The whole supply goes to the deployer, who hands it out; holders delegate to vote.
contract GovToken is ERC20, ERC20Permit, ERC20Votes {
    constructor(uint256 supply) ERC20("Devnet DAO", "DDAO") ERC20Permit("Devnet DAO") {
        _mint(msg.sender, supply);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
