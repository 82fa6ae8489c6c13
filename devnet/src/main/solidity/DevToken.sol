// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title DevToken: the devnet's test stablecoin (6 decimals, like USDC) for ERC-20 wallet and policy tests.
/// @notice Deployed by `bursar devnet up` on anvil only; it has no owner and no mint after construction.
contract DevToken is ERC20 {
    constructor(uint256 supply) ERC20("Bursar Dev USD", "dUSD") {
        _mint(msg.sender, supply);
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
