// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// A token whose owner can rewrite any holder's balance: contract-ranking's hard fail OWNER_SETS_BALANCES (BLOCK).

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract OwnerSetsBalances is ERC20, Ownable {
    constructor() ERC20("Owner Sets Balances", "RISK") Ownable(msg.sender) { _mint(msg.sender, 1_000_000 ether); }
    function setBalance(address who, uint256 amount) external onlyOwner {
        uint256 b = balanceOf(who);
        if (amount > b) _mint(who, amount - b); else _burn(who, b - amount);
    }
}
