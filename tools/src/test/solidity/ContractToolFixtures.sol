// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// A risky token for the contracts plugin's tests: its owner can mint at will (contract-ranking reports OWNER_MINT).

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract MintableByOwner is ERC20, Ownable {
    constructor() ERC20("Owner Mints", "OMT") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function mint(address to, uint256 amount) external onlyOwner { _mint(to, amount); }
}
