// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken: a test token that, once armed, calls back into a target whenever the target sends it, and
/// passes the callback's revert on.
/// @notice Test fixture of the agent registry's ITs only: JobEscrow must refuse to be re-entered while it pays out.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public payload;

    constructor(address holder, uint256 supply) ERC20("Reentrant", "RE") {
        _mint(holder, supply);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (target != address(0) && from == target) {
            (bool ok, bytes memory returned) = target.call(payload);
            if (!ok) {
                assembly {
                    revert(add(returned, 32), mload(returned))
                }
            }
        }
    }
}
