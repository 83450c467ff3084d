namespace Vigil.Detection.Risk.Options;

/// <summary>The right a European option gives its holder at expiry.</summary>
public enum OptionType
{
    /// <summary>The right to buy the futures contract at the strike: pays max(F − K, 0).</summary>
    Call = 0,

    /// <summary>The right to sell the futures contract at the strike: pays max(K − F, 0).</summary>
    Put = 1,
}
